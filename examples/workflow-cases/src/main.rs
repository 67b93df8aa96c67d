//! The cases as one service binary, so `lambdaform synth` and `validate-asl` see every machine.

use workflow_cases as _;

lambdaform::main!();
