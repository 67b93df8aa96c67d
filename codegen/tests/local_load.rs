//! Load through the real dev server, printing its figures (no timed assertions):
//! - 10,000 HTTP requests on 64 keep-alive connections to photo-service (each a handler that reads
//!   DynamoDB through the dev server's endpoint), then 1,000 S3 uploads each making a thumbnail: zero errors,
//!   zero lost events, and the server's resident memory grows by less than `RSS_GROWTH_BOUND_KIB`;
//! - a handler that panics on every other request under 64 connections: the others still succeed and the
//!   server goes on serving.
//!
//! Run with `--nocapture` to see the numbers.

mod local_support;

use lambdaform_codegen::local::client::Connection;
use local_support::{png, rss_kib, workspace_binary, workspace_example, DevServer};
use std::sync::Arc;
use std::time::{Duration, Instant};

const REQUESTS: usize = 10_000;
const CONNECTIONS: usize = 64;
const UPLOADS: usize = 1_000;
/// The dev server may keep caches, buffers and the event log's recent records (10,000 at most); beyond this
/// the memory is not flat.
const RSS_GROWTH_BOUND_KIB: u64 = 64 * 1024;

/// Runs `total` requests spread over `CONNECTIONS` connections; returns each request's status and latency.
async fn hammer<F>(server: &DevServer, total: usize, request: F) -> Vec<(u16, Duration)>
where
    F: Fn(usize) -> (&'static str, String, Vec<u8>) + Send + Sync + 'static,
{
    let request = Arc::new(request);
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..CONNECTIONS {
        let request = request.clone();
        let address = server.address;
        tasks.spawn(async move {
            let mut connection = Connection::open(address).await.expect("connect");
            let mut results = Vec::new();
            for index in (worker..total).step_by(CONNECTIONS) {
                let (method, path, body) = request(index);
                let started = Instant::now();
                let status = match connection.call(method, &path, body).await {
                    Ok(answer) => answer.status,
                    // A dropped connection counts as an error; reconnect and go on.
                    Err(_) => {
                        connection = Connection::open(address).await.expect("reconnect");
                        0
                    }
                };
                results.push((status, started.elapsed()));
            }
            results
        });
    }
    let mut all = Vec::with_capacity(total);
    while let Some(results) = tasks.join_next().await {
        all.extend(results.expect("a load task"));
    }
    all
}

fn percentile(latencies: &mut [Duration], p: f64) -> Duration {
    latencies.sort();
    latencies[((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1).min(latencies.len() - 1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_and_a_thousand_uploads() {
    let server = DevServer::start(&workspace_binary("photo-service"), &[]);
    let created = server
        .connect()
        .await
        .call_json("POST", "/users", br#"{"name": "Load", "email": "load@example.com"}"#.to_vec())
        .await
        .expect("the dev server answers");
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_str().expect("an id").to_owned();
    server.call("POST", "/_lambdaform/idle", Vec::new()).await;
    // Warm up: the first requests pay for connection pools and lazy initialisation.
    let path = format!("/users/{id}");
    let warm_path = path.clone();
    hammer(&server, 256, move |_| ("GET", warm_path.clone(), Vec::new())).await;
    let rss_before = rss_kib(server.pid());

    let started = Instant::now();
    let get_path = path.clone();
    let results = hammer(&server, REQUESTS, move |_| ("GET", get_path.clone(), Vec::new())).await;
    let elapsed = started.elapsed();
    let errors = results.iter().filter(|(status, _)| *status != 200).count();
    let mut latencies: Vec<Duration> = results.iter().map(|(_, latency)| *latency).collect();
    println!(
        "http: {REQUESTS} requests on {CONNECTIONS} connections in {:.2} s = {:.0} req/s; p50 {:.2} ms, p99 {:.2} ms; {errors} errors",
        elapsed.as_secs_f64(),
        REQUESTS as f64 / elapsed.as_secs_f64(),
        percentile(&mut latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&mut latencies, 0.99).as_secs_f64() * 1e3,
    );
    assert_eq!(results.len(), REQUESTS);
    assert_eq!(errors, 0);

    let image = Arc::new(png(8, 8));
    let started = Instant::now();
    let uploads = hammer(&server, UPLOADS, move |index| {
        ("PUT", format!("/_lambdaform/s3/Uploads/images/load/{index}.png"), image.to_vec())
    })
    .await;
    assert!(uploads.iter().all(|(status, _)| *status == 200), "every upload accepted");
    server.call("POST", "/_lambdaform/idle", Vec::new()).await;
    let elapsed = started.elapsed();
    let health = server.call("GET", "/_lambdaform/health", Vec::new()).await.json();
    let bucket = health["resources"]["Uploads"]["names"]["name"].as_str().expect("the bucket's name").to_owned();
    let config = local_support::aws_config(&server.endpoint()).await;
    let s3 = local_support::s3_client(&config);
    let mut thumbnails = 0;
    let mut pages = s3.list_objects_v2().bucket(&bucket).prefix("thumbnails/load/").into_paginator().send();
    while let Some(page) = pages.next().await {
        thumbnails += page.expect("ListObjectsV2").contents().len();
    }
    let runs = server.reports("make_thumbnail");
    let failed = runs.iter().filter(|r| r["outcome"] != "ok").count();
    println!(
        "s3: {UPLOADS} uploads → {thumbnails} thumbnails in {:.2} s ({:.0} events/s); {} invocations, {failed} failed",
        elapsed.as_secs_f64(),
        UPLOADS as f64 / elapsed.as_secs_f64(),
        runs.len()
    );
    assert_eq!(thumbnails, UPLOADS, "no S3 event lost");
    assert_eq!((runs.len(), failed), (UPLOADS, 0));

    let rss_after = rss_kib(server.pid());
    println!(
        "dev server RSS: {} KiB before, {} KiB after ({:+} KiB; bound {RSS_GROWTH_BOUND_KIB} KiB)",
        rss_before,
        rss_after,
        rss_after as i64 - rss_before as i64
    );
    assert!(rss_after < rss_before + RSS_GROWTH_BOUND_KIB);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_under_load_does_not_take_the_server_down() {
    let server = DevServer::start(&workspace_example("local_fixture"), &[]);
    let total = 2_000;
    let results = hammer(&server, total, |index| {
        let path = if index % 2 == 0 { "/panic".to_owned() } else { format!("/echo/{index}") };
        ("GET", path, Vec::new())
    })
    .await;
    let panicked = results.iter().filter(|(status, _)| *status == 502).count();
    let served = results.iter().filter(|(status, _)| *status == 200).count();
    println!("panic under load: {total} requests, {served} answered 200, {panicked} answered 502");
    assert_eq!((served, panicked), (total / 2, total / 2));
    let after = server.call("GET", "/echo/still-here", Vec::new()).await;
    assert_eq!(after.status, 200);
}
