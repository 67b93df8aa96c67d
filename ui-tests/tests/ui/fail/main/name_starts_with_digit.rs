lambdaform::main!(name = "2photos");
