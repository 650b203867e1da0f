//! The item's vocabulary: statuses, catalog enums, inputs and views.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::search::Span;

/// Defines a catalog enum with its stable code and Chinese label, parsing either.
macro_rules! labelled {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str { match self { $($name::$v => $code),+ } }
            pub fn label(self) -> &'static str { match self { $($name::$v => $label),+ } }
            /// Accepts the code or the Chinese label.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|x| x.code() == s || x.label() == s)
            }
        }
    };
}

labelled! {
    /// 状态 — the item's place in its life (see DESIGN.md).
    Status {
        Draft = "draft" / "草稿",
        InReview = "in_review" / "审查中",
        Approved = "approved" / "已通过",
        Withheld = "withheld" / "不予公开",
        Referred = "referred" / "待报审",
        Exported = "exported" / "已导出",
        Published = "published" / "已发布",
        Revoked = "revoked" / "已撤回",
    }
}

labelled! {
    /// 公开方式.
    PublishMode {
        Proactive = "proactive" / "主动公开",
        OnRequest = "on_request" / "依申请公开",
    }
}

labelled! {
    /// 公开渠道.
    Channel {
        Website = "website" / "政府网站",
        Wechat = "wechat" / "微信公众号",
        Bulletin = "bulletin" / "公告栏",
        Media = "media" / "报刊广播电视",
        Other = "other" / "其他",
    }
}

labelled! {
    /// 有效性.
    Validity {
        Valid = "valid" / "有效",
        Expired = "expired" / "失效",
        Repealed = "repealed" / "废止",
    }
}

labelled! {
    /// 规章和规范性文件 — which of the annual report's two rows (§二, 第二十条第（一）项) a
    /// document of the `regulation` category counts in.
    RegulationKind {
        /// 规章 (made by a government with rule-making power).
        Rule = "rule" / "规章",
        /// 行政规范性文件 — what a bureau itself issues; the default when not chosen.
        Normative = "normative" / "行政规范性文件",
    }
}

/// Category-specific fields, used by the rules in `rules.rs`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ItemExtra {
    /// 部门预决算: the components present (ticked or attached).
    pub budget_components: Vec<String>,
    /// 重大决策预公开: 征求意见 start and end (`YYYY-MM-DD`).
    pub comment_start: Option<String>,
    pub comment_end: Option<String>,
    /// 重大决策预公开: 意见采纳情况, due once the comment period has ended.
    pub feedback_record: String,
    /// 政策解读: the policy item it interprets.
    #[ts(type = "number | null")]
    pub interprets_item_id: Option<i64>,
    /// 重大建设项目: 项目阶段 (核准, 备案, 实施, …).
    pub project_stage: String,
    /// 随机抽查: 抽查依据, 抽查主体, 抽查内容, 抽查方式.
    pub inspection_basis: String,
    pub inspection_subject: String,
    pub inspection_content: String,
    pub inspection_method: String,
    /// 规章和规范性文件: 规章 or 行政规范性文件 (none chosen counts as 行政规范性文件).
    /// Left out of the JSON when not chosen, so versions saved before the field existed
    /// keep their content hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub regulation_kind: Option<RegulationKind>,
}

/// What the item form sends; also the content of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemInput {
    #[ts(type = "number")]
    pub category_id: i64,
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
    pub publish_mode: PublishMode,
    pub channels: Vec<Channel>,
    pub validity: Validity,
    /// The date 有效性 last changed (失效/废止 date).
    pub validity_date: Option<String>,
    /// 承办处室
    #[ts(type = "number")]
    pub office_id: i64,
    /// 承办人
    #[ts(type = "number | null")]
    pub handler_id: Option<i64>,
    /// 拟公开日期
    pub planned_publish_on: Option<String>,
    /// The work-plan task the item serves.
    #[ts(type = "number | null")]
    pub task_id: Option<i64>,
    pub body_html: String,
    pub extra: ItemExtra,
}

/// The free-text catalog fields besides the body, as (key, 名称): the key is the field's
/// name in [`ItemInput`] (`extra.…` for category fields), as `Error::invalid` names it.
/// The scanner reads these fields and masking rewrites them; see [`ItemInput::texts_mut`].
pub const TEXT_FIELDS: [(&str, &str); 12] = [
    ("title", "信息名称"),
    ("summary", "内容概述"),
    ("publisher", "发布机构"),
    ("doc_number", "文号"),
    ("topic", "主题分类"),
    ("keywords", "主题词"),
    ("extra.feedback_record", "意见采纳情况"),
    ("extra.project_stage", "项目阶段"),
    ("extra.inspection_basis", "抽查依据"),
    ("extra.inspection_subject", "抽查主体"),
    ("extra.inspection_content", "抽查内容"),
    ("extra.inspection_method", "抽查方式"),
];

impl ItemInput {
    /// The fields of [`TEXT_FIELDS`], in its order.
    pub fn texts_mut(&mut self) -> [&mut String; 12] {
        let x = &mut self.extra;
        [
            &mut self.title,
            &mut self.summary,
            &mut self.publisher,
            &mut self.doc_number,
            &mut self.topic,
            &mut self.keywords,
            &mut x.feedback_record,
            &mut x.project_stage,
            &mut x.inspection_basis,
            &mut x.inspection_subject,
            &mut x.inspection_content,
            &mut x.inspection_method,
        ]
    }
}

/// An attachment as listed on an item or in a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttachmentInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub size: i64,
    pub sha256: String,
    /// A redacted copy made by 一键脱敏 (its pages are shown to the reviewer).
    pub redacted: bool,
}

/// 公开事项, as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Item {
    #[ts(type = "number")]
    pub id: i64,
    /// 索引号
    pub index_no: String,
    pub status: Status,
    pub fields: ItemInput,
    pub category_code: String,
    pub category_name: String,
    pub office_name: String,
    pub handler_name: Option<String>,
    pub task_title: Option<String>,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: String,
    pub updated_at: String,
    pub attachments: Vec<AttachmentInfo>,
    /// The content's hash as stored now: what an editor sends back with its next save, so a
    /// change made meanwhile by someone else is never overwritten (`item::save_over`).
    pub revision: String,
}

/// The answer to a save: the item and anything the user should know (a duplicate 文号).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Saved {
    pub item: Item,
    pub warnings: Vec<String>,
}

/// Which items a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 我的草稿 — my drafts (returned ones included); the status filter does not apply.
    Mine,
    /// 本处室 — items of my office.
    Office,
    /// 全部
    #[default]
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    UpdatedDesc,
    UpdatedAsc,
    WrittenDesc,
    IndexNoDesc,
}

/// Filters, sort and page of an item list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ItemQuery {
    pub scope: Scope,
    pub text: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub status: Option<Status>,
    #[ts(type = "number | null")]
    pub office_id: Option<i64>,
    #[ts(type = "number | null")]
    pub task_id: Option<i64>,
    pub validity: Option<Validity>,
    /// Last changed on or after (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last changed on or before (`YYYY-MM-DD`).
    pub to: Option<String>,
    pub sort: Sort,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

/// One row of an item list; `title`, `doc_number` and `snippet` carry search highlights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemRow {
    #[ts(type = "number")]
    pub id: i64,
    pub index_no: String,
    pub title: Vec<Span>,
    pub doc_number: Vec<Span>,
    pub snippet: Vec<Span>,
    pub status: Status,
    pub category_name: String,
    pub office_name: String,
    pub written_on: Option<String>,
    pub validity: Validity,
    pub created_by_name: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemPage {
    pub rows: Vec<ItemRow>,
    #[ts(type = "number")]
    pub total: i64,
    /// True when a search found more than `total` (counting stops at a cap).
    pub total_capped: bool,
    pub page: u32,
    pub page_size: u32,
}
