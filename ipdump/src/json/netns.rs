//! Named network namespaces as `ip -j netns list` prints them: the name, and the id the
//! namespace has in ours when it has one; and the ids as `ip -j netns list-id` prints them.

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

/// One namespace id as `ip -j netns list-id` prints it: the id, and the name of the named
/// namespace that has it, if any.
#[derive(Debug, Clone, Copy)]
pub struct NetnsIdJson<'v> {
    /// The id (`NETNSA_NSID`).
    pub id: i32,
    /// The name under `/run/netns` of the namespace with this id.
    pub name: Option<Name<'v>>,
}

super::serialize_by_fields!(NetnsIdJson<'_>);

impl Fields for NetnsIdJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("nsid", &self.id)?;
        if let Some(name) = self.name {
            m.serialize_entry("name", &Text(name))?;
        }
        Ok(())
    }
}
