use lambdaform::FunctionError;

#[derive(FunctionError)]
union Failure {
    code: u32,
    bits: f32,
}

fn main() {}
