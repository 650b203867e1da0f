//! Declares the app's commands to tauri-build so each gets an `allow-<command>` permission;
//! `capabilities/default.json` then grants exactly the ones the UI uses. A command missing
//! here cannot be called from the window at all.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(disclosure_desk_commands::ALL)),
    )
    .expect("tauri-build");
}

/// Kept in step with `generate_handler!` in src/lib.rs (the e2e suite calls every page).
mod disclosure_desk_commands {
    pub const ALL: &[&str] = &[
        "startup_status",
        "overview_get",
        "dashboard_get",
        "agency_get",
        "agency_update",
        "office_list",
        "office_add",
        "office_rename",
        "office_set_active",
        "plan_list",
        "preferences_get",
        "preferences_set",
        "drafting_settings_get",
        "drafting_settings_set",
        "category_set_offices",
        "audit_verify",
        "audit_search",
        "audit_export_csv",
        "calendar_years",
        "calendar_import",
        "session_get",
        "session_setup_admin",
        "session_sign_in",
        "session_sign_out",
        "staff_list",
        "staff_add",
        "staff_update",
        "staff_reset_password",
        "category_list",
        "rules_lists",
        "item_defaults",
        "item_create",
        "item_save",
        "item_get",
        "item_delete",
        "item_list",
        "item_check",
        "item_versions",
        "item_diff",
        "item_pick_attachments",
        "item_add_attachments",
        "item_remove_attachment",
        "item_open_attachment",
        "item_import_pick",
        "item_submit",
        "item_withdraw",
        "review_decide",
        "review_queue",
        "review_grounds",
        "sheet_print",
        "sheet_register",
        "sheet_lookup",
        "review_history",
        "review_record_referral",
        "review_rereview",
        "review_chains",
        "review_set_step",
        "review_settings_get",
        "review_settings_set",
        "item_self_check",
        "item_mask",
        "review_findings",
        "review_settle",
        "sensitive_words_get",
        "sensitive_words_set",
        "sensitive_words_import",
        "sensitive_words_export",
    ];
}
