//! `join!`: steps in parallel, a `Parallel` state with one branch per call.

use super::Failure;

/// Runs step calls concurrently and waits for all of them: `let (paid, held) = join!(charge(o), reserve(o)).await?;`
/// becomes a `Parallel` state with one branch per call. The first failing branch fails the whole state, reported
/// as a [`Failure`] named by that step's `errorType`.
#[macro_export]
macro_rules! join {
    ($($call:expr),+ $(,)?) => {
        async {
            $crate::workflow::AllOk::all_ok($crate::__private::futures::join!(
                $(async { $call.await.map_err($crate::workflow::Failure::from_error) }),+
            ))
        }
    };
}

/// A tuple of branch results, turned into the tuple of their values or the first error in branch order.
pub trait AllOk {
    type Values;
    fn all_ok(self) -> Result<Self::Values, Failure>;
}

macro_rules! all_ok {
    ($($t:ident $v:ident),+) => {
        impl<$($t),+> AllOk for ($(Result<$t, Failure>,)+) {
            type Values = ($($t,)+);
            fn all_ok(self) -> Result<Self::Values, Failure> {
                let ($($v,)+) = self;
                Ok(($($v?,)+))
            }
        }
    };
}

all_ok!(A a);
all_ok!(A a, B b);
all_ok!(A a, B b, C c);
all_ok!(A a, B b, C c, D d);
all_ok!(A a, B b, C c, D d, E e);
all_ok!(A a, B b, C c, D d, E e, F f);
all_ok!(A a, B b, C c, D d, E e, F f, G g);
all_ok!(A a, B b, C c, D d, E e, F f, G g, H h);
