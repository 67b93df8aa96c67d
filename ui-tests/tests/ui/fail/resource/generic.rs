use lambdaform::prelude::*;

#[bucket]
struct Uploads<T>(std::marker::PhantomData<T>);

fn main() {}
