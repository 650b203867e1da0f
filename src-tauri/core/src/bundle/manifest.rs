//! `manifest.json` — what a bundle carries, for the website's CMS and for `verify`.
//!
//! The format is documented by `schema/bundle-manifest.schema.json` (JSON Schema 2020-12,
//! committed, embedded in the binary). `verify` checks a manifest against that schema and
//! then reads it into these types, which refuse unknown fields. To change the format, bump
//! `FORMAT_VERSION`, change the types and the schema together; the tests validate every
//! generated manifest against the schema file.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::item::{Channel, PublishMode, Validity};

pub const FORMAT: &str = "disclosure-bundle";
pub const FORMAT_VERSION: u32 = 2;
/// Versions `verify` still reads (1: before `audit_anchor`).
pub const READS_VERSIONS: [u32; 2] = [1, 2];
/// The schema, as committed.
pub const SCHEMA: &str = include_str!("../../schema/bundle-manifest.schema.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// UUID of this bundle.
    pub bundle_id: String,
    pub agency: ManifestAgency,
    /// RFC 3339, local time with offset; also the time of every zip entry.
    pub created_at: String,
    /// Who exported it (发布员 or 管理员).
    pub created_by: String,
    pub items: Vec<ManifestItem>,
    pub revocations: Vec<ManifestRevocation>,
    /// The audit chain's head when the bundle was made (format 2 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_anchor: Option<crate::audit::Anchor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestAgency {
    pub name: String,
    pub short_name: String,
    pub org_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRef {
    pub code: String,
    pub name: String,
}

/// One item: its public catalog fields (政府信息公开目录), never internal ones (承办人,
/// 承办处室, 起草人, 工作任务, 拟公开日期, review comments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestItem {
    /// 索引号
    pub index_no: String,
    /// The item's folder in the bundle (the 索引号 made safe as a file name).
    pub folder: String,
    /// 公开类别
    pub category: CategoryRef,
    /// 信息名称
    pub title: String,
    /// 内容概述
    pub summary: String,
    /// 发布机构
    pub publisher: String,
    /// 文号
    pub doc_number: String,
    /// 成文日期
    pub written_on: Option<String>,
    /// 主题分类
    pub topic: String,
    /// 主题词
    pub keywords: String,
    /// 公开方式
    pub publish_mode: PublishMode,
    /// 公开渠道
    pub channels: Vec<Channel>,
    /// 有效性
    pub validity: Validity,
    pub validity_date: Option<String>,
    /// Category-specific public fields.
    pub extra: ManifestExtra,
    /// The approved version and its content hash.
    pub version: i64,
    pub content_hash: String,
    /// When the review approved it (RFC 3339).
    pub approved_at: String,
    pub attachments: Vec<ManifestAttachment>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestExtra {
    pub budget_components: Vec<String>,
    pub comment_start: Option<String>,
    pub comment_end: Option<String>,
    pub feedback_record: String,
    /// 政策解读: the 索引号 of the policy it interprets.
    pub interprets_index_no: Option<String>,
    pub project_stage: String,
    pub inspection_basis: String,
    pub inspection_subject: String,
    pub inspection_content: String,
    pub inspection_method: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestAttachment {
    /// The original name, as the drafter attached it.
    pub name: String,
    /// Where it is in the bundle: `{folder}/attachments/{safe name}`.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// 撤回 / 废止 of an item published earlier: the site takes it down or marks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestRevocation {
    pub index_no: String,
    pub title: String,
    /// `withdrawn` (撤回: take the page down) or `repealed` (废止: mark it as repealed).
    pub kind: super::RevokeKind,
    /// `YYYY-MM-DD`
    pub revoked_on: String,
    /// The public page, as recorded when it was published.
    pub url: Option<String>,
}

fn validator() -> &'static Result<jsonschema::Validator, String> {
    static V: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SCHEMA).map_err(|e| format!("schema JSON: {e}"))?;
        jsonschema::validator_for(&schema).map_err(|e| format!("schema: {e}"))
    })
}

/// Checks `bytes` against the schema and reads them. The error is short Chinese naming
/// the first place that does not conform.
pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("不是有效的 JSON（第 {} 行）", e.line()))?;
    let validator = validator().as_ref().map_err(|e| {
        log::error!("bundle manifest schema unusable: {e}");
        "格式说明文件损坏".to_string()
    })?;
    if let Some(e) = validator.iter_errors(&value).next() {
        let at = e.instance_path().to_string();
        let at = if at.is_empty() { "/".into() } else { at };
        return Err(format!("不符合格式说明（位置 {at}：{e}）"));
    }
    let m: Manifest =
        serde_json::from_value(value).map_err(|e| format!("不符合格式说明（{e}）"))?;
    if m.format != FORMAT || !READS_VERSIONS.contains(&m.format_version) {
        return Err(format!(
            "格式版本为 {} 第 {} 版，本程序只认识 {FORMAT} 第 1、2 版",
            m.format, m.format_version
        ));
    }
    Ok(m)
}
