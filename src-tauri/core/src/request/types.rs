//! The words of an application and of its outcome: each an enum with the code the database
//! keeps and the Chinese label people (and the CLI's JSON) use. The labels are the annual
//! report's own column and row names, so counting a request is reading its enums.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares a closed list of words: `code` (stored), `label` (shown, and the JSON value).
macro_rules! words {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal, $label:literal;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        $(#[$m])*
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $label)] $v,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label),+ }
            }

            /// By code or by label.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|w| w.code() == s || w.label() == s)
            }

            /// The labels, for an error message that lists what is accepted.
            pub fn choices() -> String {
                Self::ALL.iter().map(|w| format!("“{}”", w.label())).collect::<Vec<_>>().join("、")
            }
        }
    };
}

words! {
    /// 申请人类型 — the report's two column groups.
    ApplicantType {
        Person = "person", "自然人";
        Organization = "organization", "法人或其他组织";
    }
}

words! {
    /// 法人或其他组织的类型 — the report's five organisation columns.
    ApplicantSubtype {
        Business = "business", "商业企业";
        Research = "research", "科研机构";
        Nonprofit = "nonprofit", "社会公益组织";
        Legal = "legal", "法律服务机构";
        Other = "other", "其他";
    }
}

words! {
    /// 申请渠道, each with its own 收到申请之日 (第三十一条).
    #[ts(rename = "RequestChannel")]
    Channel {
        InPerson = "in_person", "当面";
        Post = "post", "邮寄";
        Letter = "letter", "平常信函";
        Online = "online", "网络";
        Fax = "fax", "传真";
    }
}

impl Channel {
    /// What 第三十一条 counts as the day of receipt for this channel, for the form's hint.
    pub fn receipt_rule(self) -> &'static str {
        match self {
            Channel::InPerson => "申请人提交之日",
            Channel::Post => "行政机关签收之日",
            Channel::Letter => "与申请人确认之日",
            Channel::Online | Channel::Fax => "双方确认之日",
        }
    }
}

words! {
    /// 信息的形式要求.
    #[ts(rename = "RequestForm")]
    Form {
        Paper = "paper", "纸质";
        Electronic = "electronic", "电子";
    }
}

words! {
    /// 征求意见的对象: 第三方 (第三十二条) or 共同制作机关 (第三十四条).
    ConsultParty {
        ThirdParty = "third_party", "第三方";
        CoMaker = "co_maker", "共同制作机关";
    }
}

words! {
    /// 办理结果 — 第三十六条's reply types and 第三十七条's 部分公开, as the rows of the
    /// annual report's section 三 (三、本年度办理结果): each outcome is exactly one row.
    #[ts(rename = "RequestOutcome")]
    Outcome {
        /// （一）予以公开 (including 第三十六条（一）已经主动公开 and （二）可以公开)
        Disclosed = "disclosed", "予以公开";
        /// （二）部分公开（区分处理的，只计这一情形）
        Partial = "partial", "部分公开";
        /// （三）不予公开 1–8
        WithheldSecret = "withheld_secret", "不予公开：属于国家秘密";
        WithheldByLaw = "withheld_law", "不予公开：其他法律行政法规禁止公开";
        WithheldSafety = "withheld_safety", "不予公开：危及“三安全一稳定”";
        WithheldThirdParty = "withheld_third_party", "不予公开：保护第三方合法权益";
        WithheldInternal = "withheld_internal", "不予公开：属于三类内部事务信息";
        WithheldProcess = "withheld_process", "不予公开：属于四类过程性信息";
        WithheldEnforcement = "withheld_enforcement", "不予公开：属于行政执法案卷";
        WithheldQuery = "withheld_query", "不予公开：属于行政查询事项";
        /// （四）无法提供 1–3
        NotHeld = "not_held", "无法提供：本机关不掌握相关政府信息";
        NeedsMaking = "needs_making", "无法提供：没有现成信息需要另行制作";
        StillUnclear = "still_unclear", "无法提供：补正后申请内容仍不明确";
        /// （五）不予处理 1–5
        Petition = "petition", "不予处理：信访举报投诉类申请";
        Repeated = "repeated", "不予处理：重复申请";
        Publication = "publication", "不予处理：要求提供公开出版物";
        Excessive = "excessive", "不予处理：无正当理由大量反复申请";
        Confirmation = "confirmation", "不予处理：要求行政机关确认或重新出具已获取信息";
        /// （六）其他处理 1–3
        NoCorrection = "no_correction", "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";
        UnpaidFee = "unpaid_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请";
        OtherHandling = "other", "其他处理：其他";
    }
}

impl Outcome {
    /// The report's row group (0-based: 0 予以公开 … 5 其他处理) and the sub-row within it.
    pub fn row(self) -> (usize, Option<usize>) {
        let i = Outcome::ALL.iter().position(|o| *o == self).unwrap_or(0);
        match i {
            0 => (0, None),
            1 => (1, None),
            2..=9 => (2, Some(i - 2)),
            10..=12 => (3, Some(i - 10)),
            13..=17 => (4, Some(i - 13)),
            _ => (5, Some(i - 18)),
        }
    }

    /// Withholds something: the reply must give its ground (第三十六条（三）, 第三十七条).
    pub fn withholds(self) -> bool {
        matches!(self.row().0, 1 | 2)
    }
}

words! {
    /// Where a request stands.
    #[ts(rename = "RequestStatus")]
    Status {
        /// 办理中 — the clock runs.
        Handling = "handling", "办理中";
        /// 待补正 — a 补正告知 went out; the clock waits for the corrected request.
        AwaitingCorrection = "awaiting_correction", "待补正";
        /// 征求意见中 — a consultation pauses the clock (第三十三条第二款).
        Consulting = "consulting", "征求意见中";
        /// 待缴费 — a 收费通知 went out.
        AwaitingFee = "awaiting_fee", "待缴费";
        /// 已答复.
        Replied = "replied", "已答复";
        /// 视为放弃 — no 补正 or no payment in time; the office handles it no further.
        Abandoned = "abandoned", "视为放弃";
        /// 已撤回 — the applicant withdrew it.
        Withdrawn = "withdrawn", "已撤回";
    }
}

impl Status {
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Replied | Status::Abandoned | Status::Withdrawn
        )
    }
}
