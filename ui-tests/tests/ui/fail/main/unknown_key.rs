lambdaform::main!(name = "photos", region = "eu-west-1");
