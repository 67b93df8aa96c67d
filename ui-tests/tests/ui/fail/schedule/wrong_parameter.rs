use lambdaform::prelude::*;

#[derive(serde::Deserialize)]
struct Report {
    day: String,
}

#[function]
#[schedule(rate = "1 day")]
async fn daily(report: Report) -> Result<(), Error> {
    let _ = report.day;
    Ok(())
}

fn main() {}
