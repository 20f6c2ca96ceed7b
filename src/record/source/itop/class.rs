//! iTop classes: the tickets, changes and functional CIs the engine reads.

use super::super::doc::Node;
use super::super::{Context, Cursor, Rejection};
use crate::record::model::{ChangeType, Kind};

/// FunctionalCI subclasses of the standard datamodel.
const CI_CLASSES: &[&str] = &[
    "FunctionalCI",
    "PhysicalDevice",
    "ConnectableCI",
    "DatacenterDevice",
    "NetworkDevice",
    "Server",
    "StorageSystem",
    "SANSwitch",
    "TapeLibrary",
    "NAS",
    "PC",
    "Printer",
    "PowerConnection",
    "PowerSource",
    "PDU",
    "Peripheral",
    "Enclosure",
    "Rack",
    "TelephonyCI",
    "Phone",
    "MobilePhone",
    "IPPhone",
    "Tablet",
    "ApplicationSolution",
    "BusinessProcess",
    "SoftwareInstance",
    "Middleware",
    "DBServer",
    "WebServer",
    "PCSoftware",
    "OtherSoftware",
    "MiddlewareInstance",
    "DatabaseSchema",
    "WebApplication",
    "VirtualDevice",
    "VirtualHost",
    "Hypervisor",
    "Farm",
    "VirtualMachine",
    "Cluster",
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Class {
    UserRequest,
    Incident,
    Problem,
    Change(Option<ChangeType>),
    Ci,
}

impl Class {
    fn of(name: &str) -> Option<Class> {
        Some(match name {
            "UserRequest" => Class::UserRequest,
            "Incident" => Class::Incident,
            "Problem" => Class::Problem,
            "NormalChange" => Class::Change(Some(ChangeType::Normal)),
            "EmergencyChange" => Class::Change(Some(ChangeType::Emergency)),
            "RoutineChange" => Class::Change(Some(ChangeType::Standard)),
            "Change" | "ApprovedChange" => Class::Change(None),
            n if CI_CLASSES.contains(&n) => Class::Ci,
            _ => return None,
        })
    }

    /// From the ticket reference format (R-%06d, I-, P-, C-).
    fn of_ref(reference: &str) -> Option<Class> {
        Some(match reference.split('-').next()? {
            "R" => Class::UserRequest,
            "I" => Class::Incident,
            "P" => Class::Problem,
            "C" => Class::Change(None),
            _ => return None,
        })
    }

    fn of_kind(kind: Kind) -> Option<Class> {
        Some(match kind {
            Kind::Incident => Class::Incident,
            Kind::ServiceRequest => Class::UserRequest,
            Kind::Problem => Class::Problem,
            Kind::Change => Class::Change(None),
            Kind::ConfigurationItem => Class::Ci,
            _ => return None,
        })
    }

    /// The class an object is, from its class name (the instance's `context.kinds` first), or
    /// without one from its reference; an object of no class the engine reads is rejected.
    pub(super) fn resolve(
        cx: &Context,
        fields: &Node<'_>,
        class_name: Option<&str>,
        reference: Option<&str>,
        at: &mut Cursor<'_>,
    ) -> Result<Class, Rejection> {
        let has = |k: &str| fields.get(k).is_some();
        let class = match class_name {
            Some(name) => cx
                .kind_of(name)
                .and_then(Class::of_kind)
                .or_else(|| Class::of(name))
                .or_else(|| {
                    (has("business_criticity") || has("move2production")).then_some(Class::Ci)
                }),
            None => reference.and_then(Class::of_ref),
        };
        class.ok_or_else(|| {
            let path = if class_name.is_some() { ".class" } else { "" };
            at.reject(
                path,
                format!(
                    "iTop class {} is not a ticket, change or functional CI the engine reads (map it with context.kinds)",
                    class_name.unwrap_or("(none: no class, finalclass or ref)")
                ),
            )
        })
    }

    /// The class's name when the object names none.
    pub(super) fn name(self) -> &'static str {
        match self {
            Class::UserRequest => "UserRequest",
            Class::Incident => "Incident",
            Class::Problem => "Problem",
            Class::Change(_) => "Change",
            Class::Ci => "FunctionalCI",
        }
    }
}
