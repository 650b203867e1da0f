//! TypeScript declarations of every type that crosses to the UI, generated with ts-rs.
//!
//! `ui/src/bindings/*.ts` are committed. The test `bindings_are_fresh` fails when they
//! differ from what the Rust types say; run `make bindings` (which sets
//! `UPDATE_BINDINGS=1`) to rewrite them. Add a new boundary type to `all()`.

use ts_rs::{Config, TS};

/// (file name, file content) for every exported type.
pub fn all() -> Vec<(String, String)> {
    let cfg = Config::default();
    let mut out = Vec::new();
    let mut add = |name: String, body: Result<String, ts_rs::ExportError>| {
        out.push((format!("{name}.ts"), body.expect("ts-rs renders the type")));
    };
    macro_rules! export {
        ($($t:ty),* $(,)?) => {
            $( add(<$t as TS>::ident(&cfg), <$t as TS>::export_to_string(&cfg)); )*
        };
    }
    export!(
        crate::agency::Agency,
        crate::agency::AgencyInput,
        crate::office::Office,
        crate::plan::OfficeRef,
        crate::plan::PlanTask,
        crate::preferences::Preferences,
        crate::overview::Counts,
        crate::overview::Overview,
        crate::staff::Role,
        crate::staff::Staff,
        crate::staff::NewStaff,
        crate::staff::StaffUpdate,
        crate::staff_import::StaffImportReport,
        crate::category::Category,
        crate::item::Status,
        crate::item::PublishMode,
        crate::item::Channel,
        crate::item::Validity,
        crate::item::RegulationKind,
        crate::report::Assessment,
        crate::report::OfficeAssessment,
        crate::report::OverdueItem,
        crate::report::AnnualReport,
        crate::report::AnnualRow,
        crate::item::ItemExtra,
        crate::item::ItemInput,
        crate::item::AttachmentInfo,
        crate::item::Item,
        crate::item::Saved,
        crate::item::Scope,
        crate::item::Sort,
        crate::item::ItemQuery,
        crate::item::ItemRow,
        crate::item::ItemPage,
        crate::item::VersionInfo,
        crate::item::FieldChange,
        crate::item::DiffLine,
        crate::item::VersionDiff,
        crate::item::Snapshot,
        crate::item::SnapshotFile,
        crate::search::Span,
        crate::rules::Problem,
        crate::item::import::RowError,
        crate::item::import::ImportReport,
        crate::item::settings::DraftingSettings,
        crate::audit::AuditCheck,
        crate::backup::Reason,
        crate::backup::BackupInfo,
        crate::backup::BackupSettings,
        crate::backup::BackupOverview,
        crate::audit::AuditEntry,
        crate::audit::AuditFilter,
        crate::rules::RuleLists,
        crate::sheet::SheetMatch,
        crate::dashboard::Dashboard,
        crate::deadline::Due,
        crate::deadline::DueState,
        crate::deadline::UrgentCounts,
        crate::deadline::DeadlineRule,
        crate::deadline::RuleCode,
        crate::deadline::DayUnit,
        crate::dashboard::OfficeProgress,
        crate::dashboard::MonthCount,
        crate::dashboard::OnTimeRate,
        crate::plan::TaskUpdate,
        crate::dashboard::ReturnedDraft,
        crate::dashboard::StatusCount,
        crate::calendar::CalendarYear,
        crate::review::Decision,
        crate::review::DecisionInput,
        crate::review::QueueEntry,
        crate::review::Ground,
        crate::review::QueueKind,
        crate::review::Chain,
        crate::review::ChainStep,
        crate::review::StepUpdate,
        crate::review::ReviewSettings,
        crate::review::ReviewHistory,
        crate::review::RoundView,
        crate::review::DecisionView,
        crate::review::RereviewView,
        crate::review::RereviewInput,
        crate::scan::Kind,
        crate::scan::Severity,
        crate::scan::Segment,
        crate::scan::Finding,
        crate::review::FindingView,
        crate::review::Settlement,
        crate::review::SettlementKind,
        crate::item::MaskRequest,
        crate::bundle::ExportRequest,
        crate::bundle::Progress,
        crate::bundle::Skipped,
        crate::bundle::BundleResult,
        crate::bundle::Candidate,
        crate::bundle::WaitingRevocation,
        crate::bundle::BundleCheck,
        crate::bundle::BundleProblem,
        crate::bundle::ProblemKind,
        crate::bundle::PublishReport,
        crate::bundle::PublishRowError,
        crate::bundle::RevokeKind,
    );
    out.sort();
    out
}
