//! State machines in synthesis: the `orders` fixture (an order workflow using every integration, an Express
//! audit machine, a nightly distributed Map) in all three outputs; placeholders become `Fn::Sub` variables (CloudFormation) and `DefinitionSubstitutions` (SAM),
//! each machine's role grants exactly what its definition uses, triggers start it, and bad definitions are refused
//! with pointers into the manifest.

mod synth_support;

use std::collections::BTreeMap;

use lambdaform_codegen::synth::{synth, SynthOptions, Target};
use lambdaform_manifest::Manifest;
use serde_json::{json, Value};
use synth_support::{fixtures_out_dir, load, synth_fixture};

const FIXTURE: &str = "orders";

fn resource<'a>(doc: &'a Value, id: &str) -> &'a Value {
    let all = doc.get("Resources").or_else(|| doc["resources"].get("Resources")).unwrap();
    all.get(id).unwrap_or_else(|| panic!("no resource {id}"))
}

/// Every `${Name}` reference in a text.
fn references(text: &str) -> Vec<String> {
    let mut out: Vec<String> =
        text.split("${").skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_string()).collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn placeholders_become_substitutions_with_valid_keys() {
    let out = synth_fixture(FIXTURE);
    let machine = resource(&out.cloudformation, "OrderWorkflowStateMachine");
    assert_eq!(machine["Type"], "AWS::StepFunctions::StateMachine");
    let p = &machine["Properties"];
    // `Fn::Sub` of the text and its variables: what CloudFormation and readers of `DefinitionString` alone resolve.
    let text = p["DefinitionString"]["Fn::Sub"][0].as_str().unwrap();
    let subs = p["DefinitionString"]["Fn::Sub"][1].as_object().unwrap();
    assert!(p.get("DefinitionSubstitutions").is_none());
    let keys: Vec<String> = subs.keys().cloned().collect();
    assert_eq!(references(text), keys, "every reference has a substitution and every substitution is used");
    assert_eq!(
        keys,
        [
            "AuditStateMachine",
            "ChargeFunction",
            "CustomersTable",
            "OrderEventsTopic",
            "OrdersTable",
            "PackItemFunction",
            "RefundFunction",
            "RequestApprovalFunction",
            "ReserveStockFunction",
            "ShippingQueue",
            "ValidateFunction"
        ]
    );
    assert!(keys.iter().all(|k| k.chars().all(|c| c.is_ascii_alphanumeric())));
    // Functions by ARN (through the alias when provisioned), tables by name, topics by ARN, queues by URL.
    assert_eq!(subs["ValidateFunction"], json!({ "Fn::GetAtt": ["ValidateFunction", "Arn"] }));
    assert_eq!(subs["ReserveStockFunction"], json!({ "Ref": "ReserveStockFunctionAliasLive" }));
    assert_eq!(subs["OrdersTable"], json!({ "Ref": "OrdersTable" }));
    assert_eq!(subs["OrderEventsTopic"], json!({ "Ref": "OrderEventsTopic" }));
    assert_eq!(subs["ShippingQueue"], json!({ "Ref": "ShippingQueue" }));
    assert_eq!(
        subs["AuditStateMachine"],
        json!({ "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:orders-${Stage}-audit" })
    );
    // The text is the manifest's definition with each placeholder swapped for its key, nothing else.
    let m = load(FIXTURE);
    let original = m.state_machine("order_workflow").unwrap().definition.to_string();
    let swapped = original
        .replace("${function:validate}", "${ValidateFunction}")
        .replace("${function:request_approval}", "${RequestApprovalFunction}")
        .replace("${function:charge}", "${ChargeFunction}")
        .replace("${function:reserve_stock}", "${ReserveStockFunction}")
        .replace("${function:pack_item}", "${PackItemFunction}")
        .replace("${function:refund}", "${RefundFunction}")
        .replace("${table:Orders}", "${OrdersTable}")
        .replace("${table:Customers}", "${CustomersTable}")
        .replace("${topic:OrderEvents}", "${OrderEventsTopic}")
        .replace("${queue:Shipping}", "${ShippingQueue}")
        .replace("${state_machine:audit}", "${AuditStateMachine}");
    assert_eq!(text, swapped);
    assert_eq!(p["StateMachineType"], "STANDARD");
    assert_eq!(p["StateMachineName"], json!({ "Fn::Sub": "orders-${Stage}-order_workflow" }));
    assert_eq!(p["RoleArn"], json!({ "Fn::GetAtt": ["OrderWorkflowStateMachineRole", "Arn"] }));
    assert!(p.get("LoggingConfiguration").is_none(), "Standard machines keep their history in Step Functions");
}

/// A role's statements as Sid → (actions, resources).
fn statements(doc: &Value, role: &str) -> BTreeMap<String, (Value, Value)> {
    let policies = &resource(doc, role)["Properties"]["Policies"];
    policies[0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["Sid"].as_str().unwrap().to_string(), (s["Action"].clone(), s["Resource"].clone())))
        .collect()
}

fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}

fn get_att(id: &str) -> Value {
    json!({ "Fn::GetAtt": [id, "Arn"] })
}

const STATES: &str = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}";

#[test]
fn the_order_workflow_role_grants_exactly_its_integrations() {
    let out = synth_fixture(FIXTURE);
    let got = statements(&out.cloudformation, "OrderWorkflowStateMachineRole");
    let invoke = |id: &str| (json!(["lambda:InvokeFunction"]), json!([get_att(id), sub(&format!("${{{id}.Arn}}:*"))]));
    let expected: BTreeMap<String, (Value, Value)> = [
        ("CustomersTable", (json!(["dynamodb:GetItem"]), json!([get_att("CustomersTable")]))),
        ("InvokeCharge", invoke("ChargeFunction")),
        ("InvokePackItem", invoke("PackItemFunction")),
        ("InvokeRefund", invoke("RefundFunction")),
        ("InvokeRequestApproval", invoke("RequestApprovalFunction")),
        ("InvokeReserveStock", invoke("ReserveStockFunction")),
        ("InvokeValidate", invoke("ValidateFunction")),
        ("OrderEventsTopic", (json!(["sns:Publish"]), json!([{ "Ref": "OrderEventsTopic" }]))),
        ("OrdersTable", (json!(["dynamodb:PutItem"]), json!([get_att("OrdersTable")]))),
        (
            "PutEvents",
            (
                json!(["events:PutEvents"]),
                json!([
                    sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"),
                    sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/partners")
                ]),
            ),
        ),
        ("ShippingQueue", (json!(["sqs:SendMessage"]), json!([get_att("ShippingQueue")]))),
        ("StartAuditStateMachine", (json!(["states:StartExecution"]), json!([sub(&format!("{STATES}:stateMachine:orders-${{Stage}}-audit"))]))),
        (
            "SyncExecutionEvents",
            (
                json!(["events:DescribeRule", "events:PutRule", "events:PutTargets"]),
                json!([sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")]),
            ),
        ),
        (
            "WatchAuditStateMachine",
            (
                json!(["states:DescribeExecution", "states:StopExecution"]),
                json!([sub(&format!("{STATES}:execution:orders-${{Stage}}-audit:*"))]),
            ),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(got, expected);
}

#[test]
fn distributed_map_and_express_roles() {
    let out = synth_fixture(FIXTURE);
    let nightly = statements(&out.cloudformation, "NightlyExportStateMachineRole");
    let sids: Vec<&str> = nightly.keys().map(String::as_str).collect();
    assert_eq!(
        sids,
        [
            "DistributedMapRuns",
            "DistributedMapStart",
            "OrdersTable",
            "ReadExportsBucket",
            "StartAuditStateMachine",
            "WriteReportsBucket"
        ]
    );
    let own = format!("{STATES}:stateMachine:orders-${{Stage}}-nightly_export");
    assert_eq!(nightly["DistributedMapStart"].1, json!([sub(&own)]), "a distributed Map starts its own machine");
    assert_eq!(
        nightly["DistributedMapRuns"].1,
        json!([sub(&format!("{STATES}:execution:orders-${{Stage}}-nightly_export/*"))])
    );
    assert_eq!(nightly["OrdersTable"].0, json!(["dynamodb:DeleteItem"]), "the item processor's task is walked too");
    assert_eq!(
        nightly["ReadExportsBucket"],
        (
            json!(["s3:GetObject"]),
            json!([sub("arn:${AWS::Partition}:s3:::orders-${Stage}-exports-${AWS::AccountId}-${AWS::Region}/*")])
        )
    );
    assert_eq!(
        nightly["WriteReportsBucket"].0,
        json!(["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"])
    );
    assert!(!nightly.contains_key("WatchAuditStateMachine"), "fire-and-forget needs no DescribeExecution");

    let audit = statements(&out.cloudformation, "AuditStateMachineRole");
    assert_eq!(audit["OrdersTable"].0, json!(["dynamodb:UpdateItem"]));
    assert_eq!(audit["LogDelivery"].1, json!(["*"]), "log delivery supports no resource-level permissions");
    // No other statement of any machine role has a `*` resource.
    for role in ["AuditStateMachineRole", "NightlyExportStateMachineRole", "OrderWorkflowStateMachineRole"] {
        for (sid, (_, resources)) in statements(&out.cloudformation, role) {
            if sid != "LogDelivery" {
                assert!(!resources.to_string().contains("\"*\""), "{role} {sid}: {resources}");
            }
        }
    }
    let p = &resource(&out.cloudformation, "AuditStateMachine")["Properties"];
    assert_eq!(p["StateMachineType"], "EXPRESS");
    assert_eq!(
        p["LoggingConfiguration"]["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"],
        get_att("AuditStateMachineLogGroup")
    );
    assert_eq!(
        resource(&out.cloudformation, "AuditStateMachineLogGroup")["Properties"]["LogGroupName"],
        sub("/aws/vendedlogs/states/orders-${Stage}-audit")
    );
}

#[test]
fn triggers_start_the_machine_with_their_own_roles() {
    let out = synth_fixture(FIXTURE);
    let cfn = &out.cloudformation;
    let rule = &resource(cfn, "NightlyExportStateMachineSchedule")["Properties"];
    assert_eq!(rule["ScheduleExpression"], "cron(0 3 * * ? *)");
    assert_eq!(rule["Targets"][0]["Arn"], json!({ "Ref": "NightlyExportStateMachine" }));
    assert_eq!(rule["Targets"][0]["RoleArn"], get_att("NightlyExportStateMachineEventsRole"));
    assert_eq!(rule["Targets"][0]["Input"], r#"{"reason":"nightly"}"#);
    let role = &resource(cfn, "NightlyExportStateMachineEventsRole")["Properties"];
    assert_eq!(role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"], "events.amazonaws.com");
    assert_eq!(
        role["Policies"][0]["PolicyDocument"]["Statement"][0],
        json!({ "Effect": "Allow", "Action": "states:StartExecution", "Resource": { "Ref": "NightlyExportStateMachine" } })
    );
    let pattern = &resource(cfn, "AuditStateMachineEventRule")["Properties"]["EventPattern"];
    assert_eq!(pattern["detail-type"], json!(["AuditRequested"]));

    let integration = &resource(cfn, "OrderWorkflowStateMachineHttpApiIntegration")["Properties"];
    assert_eq!(integration["IntegrationSubtype"], "StepFunctions-StartExecution");
    assert_eq!(integration["CredentialsArn"], get_att("OrderWorkflowStateMachineApiRole"));
    assert_eq!(integration["RequestParameters"]["StateMachineArn"], json!({ "Ref": "OrderWorkflowStateMachine" }));
    let route = &resource(cfn, "HttpApiRoutePostOrders")["Properties"];
    assert_eq!(route["RouteKey"], "POST /orders");
    assert_eq!(route["AuthorizationType"], "AWS_IAM");
    // The function's route shares the same API.
    assert_eq!(resource(cfn, "HttpApiRouteGetOrdersId")["Properties"]["ApiId"], json!({ "Ref": "HttpApi" }));
    for id in ["AuditStateMachine", "NightlyExportStateMachine", "OrderWorkflowStateMachine"] {
        assert_eq!(cfn["Outputs"][format!("{id}Arn")]["Value"], json!({ "Ref": id }));
    }
}

#[test]
fn sam_and_serverless_carry_the_same_machines() {
    let out = synth_fixture(FIXTURE);
    let cfn = &resource(&out.cloudformation, "OrderWorkflowStateMachine")["Properties"];
    let sam = &resource(&out.sam, "OrderWorkflowStateMachine");
    assert_eq!(sam["Type"], "AWS::Serverless::StateMachine");
    let text: Value = serde_json::from_str(cfn["DefinitionString"]["Fn::Sub"][0].as_str().unwrap()).unwrap();
    assert_eq!(sam["Properties"]["Definition"], text);
    let (sam_subs, cfn_subs) = (&sam["Properties"]["DefinitionSubstitutions"], &cfn["DefinitionString"]["Fn::Sub"][1]);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(sam_subs), keys(cfn_subs));
    for key in keys(cfn_subs) {
        // SAM's handle on the alias `AutoPublishAlias` makes is `Function.Alias`.
        let expected = if key == "ReserveStockFunction" {
            json!({ "Ref": "ReserveStockFunction.Alias" })
        } else {
            cfn_subs[&key].clone()
        };
        assert_eq!(sam_subs[&key], expected, "{key}");
    }
    assert_eq!(sam["Properties"]["Role"], cfn["RoleArn"]);
    let nightly = &resource(&out.sam, "NightlyExportStateMachine")["Properties"];
    assert_eq!(nightly["Events"]["Schedule"]["Type"], "Schedule");
    let audit = &resource(&out.sam, "AuditStateMachine")["Properties"];
    assert_eq!(audit["Events"]["EventRule"]["Type"], "EventBridgeRule");
    assert_eq!(audit["Logging"]["Level"], "ALL");

    let sls = &out.serverless;
    assert_eq!(sls["plugins"], json!(["serverless-step-functions"]));
    let machines = sls["stepFunctions"]["stateMachines"].as_object().unwrap();
    let ids: Vec<&str> = machines.keys().map(String::as_str).collect();
    assert_eq!(ids, ["AuditStateMachine", "NightlyExportStateMachine", "OrderWorkflowStateMachine"]);
    let order = &machines["OrderWorkflowStateMachine"];
    assert_eq!(order["id"], "OrderWorkflowStateMachine");
    assert_eq!(order["name"], "orders-${sls:stage}-order_workflow");
    // The plugin turns intrinsics inside the definition into its own substitutions; functions by the Framework's IDs.
    assert_eq!(
        order["definition"]["States"]["Validate"]["Arguments"]["FunctionName"],
        get_att("ValidateLambdaFunction")
    );
    assert_eq!(
        order["definition"]["States"]["Audit"]["Arguments"]["StateMachineArn"],
        sub(&format!("{STATES}:stateMachine:orders-${{sls:stage}}-audit"))
    );
    assert_eq!(machines["NightlyExportStateMachine"]["events"][0]["schedule"]["rate"], "cron(0 3 * * ? *)");
    assert_eq!(
        machines["AuditStateMachine"]["loggingConfig"]["destinations"],
        json!([get_att("AuditStateMachineLogGroup")])
    );
    let sls_roles = statements(sls, "OrderWorkflowStateMachineRole");
    assert_eq!(sls_roles["InvokeValidate"].1[0], get_att("ValidateLambdaFunction"));
}

#[test]
fn services_without_machines_get_no_plugin() {
    for name in synth_support::GOOD {
        let out = synth_fixture(name);
        assert!(out.serverless.get("plugins").is_none(), "{name}");
        assert!(out.serverless.get("stepFunctions").is_none(), "{name}");
    }
}

#[test]
fn machine_routes_alone_still_get_an_api_in_every_output() {
    let mut m = load(FIXTURE);
    m.functions.retain(|f| f.name != "get_order");
    let out = synth(&m, &SynthOptions::default()).unwrap();
    assert_eq!(resource(&out.cloudformation, "HttpApi")["Type"], "AWS::ApiGatewayV2::Api");
    assert_eq!(resource(&out.sam, "HttpApi")["Type"], "AWS::Serverless::HttpApi");
    assert_eq!(resource(&out.serverless, "HttpApi")["Type"], "AWS::ApiGatewayV2::Api");
    assert!(out.serverless["provider"].get("httpApi").is_none());
}

fn refused(m: &Manifest) -> Vec<String> {
    synth(m, &SynthOptions::default()).expect_err("must be refused").problems
}

#[test]
fn bad_definitions_are_refused_with_pointers_into_the_manifest() {
    let base = load(FIXTURE);
    let i = base.state_machines.iter().position(|s| s.name == "order_workflow").unwrap();

    // A transition to a state that does not exist: the ASL validator's finding, re-rooted in the manifest.
    let mut m = base.clone();
    m.state_machines[i].definition["States"]["CoolOff"]["Next"] = json!("Nowhere");
    let problems = refused(&m);
    assert!(
        problems.iter().any(|p| p.starts_with(&format!("/state_machines/{i}/definition/States/CoolOff/Next: "))),
        "{problems:?}"
    );

    // An integration synth cannot derive a role for.
    let mut m = base.clone();
    m.state_machines[i].definition["States"]["Notify"]["Resource"] = json!("arn:aws:states:::aws-sdk:s3:listBuckets");
    let problems = refused(&m);
    assert!(
        problems
            .iter()
            .any(|p| p
                .starts_with(&format!("/state_machines/{i}/definition/States/Notify/Resource: synth cannot derive"))),
        "{problems:?}"
    );

    // A target outside the service, inside a Parallel branch.
    let mut m = base.clone();
    m.state_machines[i].definition["States"]["ChargeAndReserve"]["Branches"][0]["States"]["Charge"]["Arguments"]
        ["FunctionName"] = json!("arn:aws:lambda:us-east-1:123456789012:function:elsewhere");
    let problems = refused(&m);
    let at = format!(
        "/state_machines/{i}/definition/States/ChargeAndReserve/Branches/0/States/Charge/Arguments/FunctionName"
    );
    assert!(problems.iter().any(|p| p.starts_with(&at)), "{problems:?}");

    // Callbacks in an Express machine.
    let mut m = base.clone();
    m.state_machines[i].kind = lambdaform_manifest::MachineKind::Express;
    let problems = refused(&m);
    assert!(problems.iter().any(|p| p.contains("/States/RequestApproval")), "{problems:?}");

    // A REST route to a machine, and a trigger that cannot start one.
    let mut m = base.clone();
    m.state_machines[i].events[0] =
        serde_json::from_value(json!({"type": "http", "method": "POST", "path": "/x", "api": "rest"})).unwrap();
    m.state_machines[i]
        .events
        .push(serde_json::from_value(json!({"type": "sqs", "queue": "Shipping", "batch_size": 10})).unwrap());
    let problems = refused(&m);
    assert!(problems.iter().any(|p| p.starts_with(&format!("/state_machines/{i}/events/0/api: "))), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.starts_with(&format!("/state_machines/{i}/events/1: ")) && p.contains("#[sqs]")),
        "{problems:?}"
    );
}

#[test]
fn machine_synthesis_is_deterministic_and_written_for_the_validators() {
    let first = synth_fixture(FIXTURE);
    let second = synth_fixture(FIXTURE);
    for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
        assert_eq!(first.render(target).unwrap(), second.render(target).unwrap());
    }
    let dir = fixtures_out_dir().join(FIXTURE);
    assert_eq!(first.write(&dir).unwrap().len(), 4);
}
