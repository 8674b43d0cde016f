//! Named network namespaces as `ip -j netns list` prints them: the name, and the id the
//! namespace has in ours when it has one.

use serde::ser::SerializeMap;

use super::value::Text;
use super::Fields;
use netlink_runtime::name::Name;

/// One named namespace as `ip -j netns list` prints it.
#[derive(Debug, Clone, Copy)]
pub struct NetnsJson<'v> {
    /// Its name (the file under `/run/netns`).
    pub name: Name<'v>,
    /// The id it has in the namespace of the listing (`RTM_GETNSID`), if any.
    pub id: Option<i32>,
}

super::serialize_by_fields!(NetnsJson<'_>);

impl Fields for NetnsJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("name", &Text(self.name))?;
        if let Some(id) = self.id {
            m.serialize_entry("id", &id)?;
        }
        Ok(())
    }
}
