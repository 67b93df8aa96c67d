lambdaform::main!(name = "bad name");
