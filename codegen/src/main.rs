fn main() -> std::process::ExitCode {
    lambdaform_codegen::cli::main()
}
