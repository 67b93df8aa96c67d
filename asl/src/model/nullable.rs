//! `Option<Option<T>>` fields: absent (`None`) differs from an explicit JSON `null` (`Some(None)`),
//! which matters for `InputPath`, `OutputPath` and `ResultPath`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<S: Serializer, T: Serialize>(value: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(s),
        // Skipped by `skip_serializing_if`; kept total for safety.
        None => s.serialize_none(),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}
