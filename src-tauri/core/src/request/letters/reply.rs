//! 答复书的措辞 — the decision of a reply for each outcome (the annual report's rows),
//! with the 条例's article it rests on: 第三十六条（一）至（七）, 第三十七条 (区分处理),
//! 第三十八条 (加工、分析), 第三十九条 (信访举报, 公开出版物), 第三十五条 (明显超过合理范围),
//! and for withholding the ground's own article (第十四条 国家秘密、法律禁止、三安全一稳定;
//! 第十五条 第三方合法权益; 第十六条第一款 内部事务, 第二款 过程性信息、行政执法案卷).
//!
//! Two readings of ours: 予以公开 uses 第三十六条（一）(已经主动公开) when the reply's reason
//! says where it was published (it mentions 主动公开), （二） otherwise; and 要求确认或重新出具
//! rests on 第三十八条 (only information already made or obtained is provided).

use chrono::NaiveDate;

use super::super::input::RequestInput;
use super::super::types::Outcome;
use super::wording::{day, FEE_RULES, TIAOLI};

/// `s` ending with a full stop.
pub(super) fn end(s: &str) -> String {
    if s.is_empty() || s.ends_with(['。', '！', '？', '”']) {
        s.into()
    } else {
        format!("{s}。")
    }
}

/// The decision sentence of a reply (after the opening), and a paragraph after it.
pub(super) fn reply(
    outcome: Outcome,
    reason: &str,
    you: &str,
    i: &RequestInput,
    corrected_after: Option<NaiveDate>,
) -> (String, Option<String>) {
    let note = (!reason.is_empty()).then(|| format!("说明：{}", end(reason)));
    let why = |fallback: &str| {
        if reason.is_empty() {
            fallback.to_string()
        } else {
            end(reason)
        }
    };
    let how = format!("按{you}要求的{}形式，通过{}", i.form.label(), i.delivery);
    let withheld = |ground: &str, article: &str| {
        (
            format!(
                "经审查，{you}申请获取的政府信息{ground}。根据{TIAOLI}{article}和第三十六条第（三）项的规定，本机关决定不予公开。理由如下：{}",
                why("")
            ),
            None,
        )
    };
    match outcome {
        Outcome::Disclosed if reason.contains("主动公开") => (
            format!(
                "经审查，{you}申请获取的政府信息已经主动公开。根据{TIAOLI}第三十六条第（一）项的规定，现告知获取该政府信息的方式、途径：{}",
                end(reason)
            ),
            None,
        ),
        Outcome::Disclosed => (
            format!(
                "经审查，{you}申请获取的政府信息属于可以公开的政府信息。根据{TIAOLI}第三十六条第（二）项的规定，本机关决定予以公开，现{how}向{you}提供。"
            ),
            note,
        ),
        Outcome::Partial => (
            format!(
                "经审查，{you}申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{TIAOLI}第三十七条的规定，本机关{how}向{you}提供可以公开的政府信息内容；对不予公开的内容，理由如下：{}",
                why("")
            ),
            None,
        ),
        Outcome::WithheldSecret => withheld("属于依法确定为国家秘密的政府信息", "第十四条"),
        Outcome::WithheldByLaw => withheld("属于法律、行政法规禁止公开的政府信息", "第十四条"),
        Outcome::WithheldSafety => withheld(
            "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
            "第十四条",
        ),
        Outcome::WithheldThirdParty => withheld(
            "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
            "第十五条",
        ),
        Outcome::WithheldInternal => withheld("属于行政机关的内部事务信息", "第十六条第一款"),
        Outcome::WithheldProcess => withheld(
            "属于行政机关在履行行政管理职能过程中形成的过程性信息",
            "第十六条第二款",
        ),
        Outcome::WithheldEnforcement => withheld("属于行政执法案卷信息", "第十六条第二款"),
        Outcome::WithheldQuery => (
            format!(
                "经审查，{you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。根据{TIAOLI}第三十六条第（七）项的规定，请{you}依照有关法律、行政法规的规定办理。"
            ),
            note,
        ),
        Outcome::NotHeld => (
            format!(
                "经检索，本机关没有{you}所申请公开的政府信息。根据{TIAOLI}第三十六条第（四）项的规定，现告知{you}：该政府信息不存在。"
            ),
            note,
        ),
        Outcome::NeedsMaking => (
            format!(
                "经审查，{you}申请获取的信息需要本机关对现有政府信息进行加工、分析才能形成。根据{TIAOLI}第三十八条的规定，行政机关向申请人提供的信息，应当是已制作或者获取的政府信息；需要对现有政府信息进行加工、分析的，可以不予提供。本机关决定不予提供。"
            ),
            note,
        ),
        Outcome::StillUnclear => (
            format!(
                "本机关{}告知{you}作出补正。经补正后，{you}的申请内容仍不明确，本机关无法据此确定{you}所申请的政府信息。根据{TIAOLI}第二十九条第二款、第三十条的规定，本机关无法提供。",
                corrected_after
                    .map(|d| format!("已于{}", day(d)))
                    .unwrap_or_else(|| "已".into())
            ),
            note,
        ),
        Outcome::Petition => (
            format!(
                "经审查，{you}的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{TIAOLI}第三十九条第一款的规定，本机关不作为政府信息公开申请处理。{you}可以通过信访、投诉、举报等相应渠道提出。"
            ),
            note,
        ),
        Outcome::Repeated => (
            format!(
                "经查，本机关已就{you}提出的相同政府信息公开申请作出答复，{you}重复申请公开相同政府信息。根据{TIAOLI}第三十六条第（六）项的规定，本机关不予重复处理。"
            ),
            note,
        ),
        Outcome::Publication => (
            format!(
                "经审查，{you}申请获取的是政府公报、报刊、书籍等公开出版物。根据{TIAOLI}第三十九条第二款的规定，现告知获取的途径：{}",
                why("可以通过公开发行渠道获取。")
            ),
            None,
        ),
        Outcome::Excessive => (
            format!(
                "{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由，经审查认为申请理由不合理。根据{TIAOLI}第三十五条的规定，本机关不予处理。"
            ),
            note,
        ),
        Outcome::Confirmation => (
            format!(
                "经审查，{you}的申请是要求本机关对{you}已获取的信息进行确认或者重新出具。根据{TIAOLI}第三十八条的规定，行政机关向申请人提供的信息，应当是已制作或者获取的政府信息，本机关对该申请不予处理。"
            ),
            note,
        ),
        Outcome::NoCorrection => (
            format!(
                "{you}无正当理由逾期不补正。根据{TIAOLI}第三十条的规定，{you}的申请视为放弃，本机关不再处理该政府信息公开申请。"
            ),
            note,
        ),
        Outcome::UnpaidFee => (
            format!(
                "{you}逾期未按收费通知要求缴纳费用。根据{FEE_RULES}的规定，{you}的申请视为放弃，本机关不再处理该政府信息公开申请。"
            ),
            note,
        ),
        Outcome::OtherHandling => (
            format!("经审查，本机关对{you}的申请作如下处理：{}", why("")),
            None,
        ),
    }
}
