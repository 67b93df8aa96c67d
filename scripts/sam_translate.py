#!/usr/bin/env python3
"""Translates a SAM template.yaml to plain CloudFormation JSON offline, with aws-sam-translator's Python API.

Usage: sam_translate.py TEMPLATE.yaml > translated.json

No network: the region and partition are fixed dummies, and the managed-policy loader (which would call IAM)
answers from an empty table, since lambdaform's templates attach roles explicitly. A local `CodeUri` is rewritten
to a dummy S3 URI, as `sam package` would after uploading it.
"""
import json
import os
import sys

import yaml
from samtranslator.translator.arn_generator import ArnGenerator
from samtranslator.translator.transform import transform

REGION = "us-east-1"


class OfflinePolicyLoader:
    """Stands in for the IAM-backed loader; lambdaform never names managed policies through SAM's `Policies`."""

    def load(self):
        return {}


def main(path):
    ArnGenerator.BOTO_SESSION_REGION_NAME = REGION
    os.environ["AWS_DEFAULT_REGION"] = REGION
    with open(path, encoding="utf-8") as f:
        template = yaml.safe_load(f)
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            if not props["CodeUri"].startswith("s3://"):
                props["CodeUri"] = "s3://sam-translate-offline/" + props["CodeUri"]
    parameters = {"AWS::Region": REGION, "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}
    translated = transform(template, parameters, OfflinePolicyLoader())
    json.dump(translated, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sam_translate.py TEMPLATE.yaml")
    main(sys.argv[1])
