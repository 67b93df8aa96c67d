lambdaform::main!(name = photos);
