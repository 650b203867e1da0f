//! 文书措辞 — what each letter says, composed from the request's facts and the dates the
//! clock computed, citing the 条例's article for each outcome (第三十六条（一）至（七）,
//! 第三十七、三十八、三十九、三十五条; the grounds for withholding are 第十四、十五、十六条).
//!
//! Letters to the applicant address them by name and never carry their 身份证明号码, but
//! the receipt, which shows it masked. The 征求意见书 go to the third party or the
//! co-making agency: they describe the information asked for and never name the applicant.

use chrono::NaiveDate;

use super::super::input::RequestInput;
use super::super::types::{ApplicantType, ConsultParty, Outcome};
use super::super::ClockSettings;
use super::reply::{end, reply};
use super::LetterSettings;
use crate::agency::Agency;
use crate::sheet::PrintedLetter;

pub(super) const TIAOLI: &str = "《中华人民共和国政府信息公开条例》（以下简称《条例》）";
pub(super) const FEE_RULES: &str = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）";

/// What every letter is about.
pub(super) struct Facts<'a> {
    /// 申请编号.
    pub request_no: &'a str,
    pub input: &'a RequestInput,
    pub agency: &'a Agency,
    pub clock: &'a ClockSettings,
    pub settings: &'a LetterSettings,
    /// 文号.
    pub number: &'a str,
    pub on: NaiveDate,
}

/// What one letter says, with the dates the clock computed.
pub(super) enum Subject<'a> {
    Receipt {
        due: Option<NaiveDate>,
        masked_id: String,
    },
    Correction {
        items: &'a str,
        until: NaiveDate,
    },
    Extension {
        days: u32,
        reason: &'a str,
        old_due: Option<NaiveDate>,
        new_due: Option<NaiveDate>,
    },
    Consult {
        party: ConsultParty,
        whom: &'a str,
        until: NaiveDate,
    },
    Fee {
        amount: i64,
        working: String,
        until: NaiveDate,
    },
    Reply {
        outcome: Outcome,
        reason: &'a str,
        /// When the 补正告知 went out, for 补正后仍不明确.
        corrected_after: Option<NaiveDate>,
    },
    /// 第三十六条（五）: not this agency's to disclose; `reason` names the one that is.
    Referral {
        reason: &'a str,
    },
    /// 视为放弃: no 补正, or no payment, by `until` (the notice went out on `sent`).
    Abandoned {
        fee: bool,
        sent: NaiveDate,
        until: NaiveDate,
    },
}

/// A date as a letter writes it: 2026年11月2日.
pub fn day(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

fn due_text(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_else(|| "（待定）".into())
}

pub(super) fn compose(f: &Facts<'_>, subject: &Subject<'_>) -> PrintedLetter {
    let i = f.input;
    let you = match i.applicant_type {
        ApplicantType::Person => "您",
        ApplicantType::Organization => "贵单位",
    };
    let opening = format!(
        "本机关于{}收到{you}提出的政府信息公开申请（申请编号：{}），申请获取“{}”。",
        day(i.received_on),
        f.request_no,
        i.description
    );
    let mut letter = PrintedLetter {
        title: String::new(),
        number: f.number.into(),
        to: format!("{}：", i.name),
        paragraphs: Vec::new(),
        particulars: Vec::new(),
        closing: Vec::new(),
        remedies: String::new(),
        signer: f.agency.name.clone(),
        date: day(f.on),
        contact: contact(f.agency),
    };
    let p = &mut letter.paragraphs;
    match subject {
        Subject::Receipt { due, masked_id } => {
            letter.title = "政府信息公开申请接收回执".into();
            p.push(format!(
                "本机关已于{}收到{you}通过{}方式提交的政府信息公开申请，申请获取“{}”。根据{TIAOLI}第三十一条的规定，收到申请之日为{}（{}）。",
                day(i.received_on),
                i.channel.label(),
                i.description,
                day(i.received_on),
                i.channel.receipt_rule()
            ));
            let c = f.clock;
            let when = match due {
                Some(d) => format!(
                    "本机关将自收到申请之日起{}个工作日内，即于{}前作出答复",
                    c.reply_days,
                    day(*d)
                ),
                None => "答复期限自本机关收到补正的申请之日起计算".into(),
            };
            p.push(format!(
                "根据《条例》第三十三条的规定，{when}；需要延长答复期限的，经政府信息公开工作机构负责人同意，本机关将另行告知，延长的期限最长不超过{}个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内。申请内容不明确的，本机关将自收到申请之日起{}个工作日内一次性告知需要补正的事项。",
                c.extension_max_days, c.correction_notice_days
            ));
            letter.particulars = vec![
                ("申请编号".into(), f.request_no.into()),
                ("申请人".into(), i.name.clone()),
                ("身份证明".into(), format!("{} {masked_id}", i.id_type)),
                ("收到申请日期".into(), day(i.received_on)),
                ("申请方式".into(), i.channel.label().into()),
                (
                    "获取信息方式".into(),
                    format!("{}，{}", i.form.label(), i.delivery),
                ),
                ("答复期限".into(), format!("{}前", due_text(*due))),
            ];
        }
        Subject::Correction { items, until } => {
            letter.title = "政府信息公开申请补正告知书".into();
            let items = if items.trim().is_empty() {
                "申请公开的政府信息的名称、文号或者便于本机关查询的其他特征性描述"
            } else {
                items.trim()
            };
            p.push(format!(
                "{opening}经审查，{you}的申请内容不明确。根据{TIAOLI}第三十条的规定，请{you}对以下事项作出补正：{items}。"
            ));
            p.push(format!(
                "请于{}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。{you}无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
                day(*until)
            ));
        }
        Subject::Extension {
            days,
            reason,
            old_due,
            new_due,
        } => {
            letter.title = "政府信息公开申请延期答复告知书".into();
            let why = if reason.trim().is_empty() {
                "所申请的政府信息需要进一步检索、核实".to_string()
            } else {
                reason.trim().trim_end_matches('。').to_string()
            };
            p.push(format!(
                "{opening}因{why}，本机关不能在{}（原答复期限）前作出答复。根据{TIAOLI}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，本机关将于{}前作出答复。",
                due_text(*old_due),
                due_text(*new_due)
            ));
            p.push("征求第三方和其他机关意见所需时间不计算在答复期限内。".into());
        }
        Subject::Consult { party, whom, until } => {
            let (them, article) = match party {
                ConsultParty::ThirdParty => ("贵方", "第三十二条"),
                ConsultParty::CoMaker => ("贵机关", "第三十四条"),
            };
            letter.title = "政府信息公开征求意见书".into();
            letter.to = format!(
                "{}：",
                if whom.trim().is_empty() {
                    party.label()
                } else {
                    whom.trim()
                }
            );
            let asked = format!(
                "本机关于{}收到一件政府信息公开申请（申请编号：{}），申请获取“{}”。",
                day(i.received_on),
                f.request_no,
                i.description
            );
            match party {
                ConsultParty::ThirdParty => {
                    p.push(format!(
                        "{asked}经审查，该政府信息公开可能损害{them}的合法权益。根据{TIAOLI}{article}的规定，现书面征求{them}意见。"
                    ));
                    p.push(format!(
                        "请{them}自收到本征求意见书之日起{}个工作日内（最迟于{}前）书面提出是否同意公开的意见；不同意公开的，请一并说明理由。逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。",
                        f.clock.consult_days,
                        day(*until)
                    ));
                    p.push(format!(
                        "{them}不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知{them}。"
                    ));
                }
                ConsultParty::CoMaker => {
                    p.push(format!(
                        "{asked}该政府信息由本机关与{them}共同制作，本机关为牵头制作机关。根据{TIAOLI}{article}的规定，现征求{them}意见。"
                    ));
                    p.push(format!(
                        "请{them}自收到本征求意见书之日起{}个工作日内（最迟于{}前）提出是否同意公开的意见；逾期未提出意见的，视为同意公开。",
                        f.clock.consult_days,
                        day(*until)
                    ));
                }
            }
        }
        Subject::Fee {
            amount,
            working,
            until,
        } => {
            letter.title = "政府信息公开信息处理费收费通知书".into();
            p.push(format!(
                "{opening}经审查，{you}申请公开政府信息的数量、频次明显超过合理范围。根据{TIAOLI}第四十二条和{FEE_RULES}的规定，本机关收取信息处理费，现通知如下："
            ));
            letter.particulars = vec![
                (
                    "收费依据".into(),
                    format!("《条例》第四十二条，{FEE_RULES}"),
                ),
                ("收费标准及计算".into(), working.clone()),
                ("收费数额".into(), format!("{amount}元")),
                ("缴纳方式".into(), f.settings.fee_payment.clone()),
                (
                    "缴纳期限".into(),
                    format!(
                        "自收到本通知次日起{}个工作日内（即{}前）",
                        f.clock.fee_days,
                        day(*until)
                    ),
                ),
            ];
            letter.closing.push(format!(
                "{you}逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。{}",
                if f.clock.fee_pauses {
                    "自本通知发出之日至缴费之日，答复期限暂停计算。"
                } else {
                    ""
                }
            ));
        }
        Subject::Reply {
            outcome,
            reason,
            corrected_after,
        } => {
            letter.title = "政府信息公开申请答复书".into();
            let (decision, extra) = reply(*outcome, reason.trim(), you, i, *corrected_after);
            p.push(format!("{opening}{decision}"));
            if let Some(extra) = extra {
                p.push(extra);
            }
            letter.remedies = f.settings.remedies.clone();
        }
        Subject::Referral { reason } => {
            letter.title = "政府信息公开申请答复书".into();
            p.push(format!(
                "{opening}经审查，{you}所申请公开的政府信息不属于本机关负责公开。根据{TIAOLI}第三十六条第（五）项的规定，现告知如下：{}",
                end(reason.trim())
            ));
            letter.remedies = f.settings.remedies.clone();
        }
        Subject::Abandoned { fee, sent, until } => {
            letter.title = "政府信息公开申请不再处理告知书".into();
            let text = if *fee {
                format!(
                    "{opening}本机关已于{}向{you}发出收费通知书，告知{you}于{}前缴纳信息处理费。{you}逾期未缴纳。根据{FEE_RULES}的规定，{you}的申请视为放弃，本机关不再处理该政府信息公开申请。",
                    day(*sent),
                    day(*until)
                )
            } else {
                format!(
                    "{opening}本机关已于{}向{you}发出补正告知书，告知{you}于{}前作出补正。{you}未在补正期限内补正。根据{TIAOLI}第三十条的规定，{you}的申请视为放弃，本机关不再处理该政府信息公开申请。",
                    day(*sent),
                    day(*until)
                )
            };
            p.push(text);
            letter.remedies = f.settings.remedies.clone();
        }
    }
    letter
}

/// The foot line: the agency's public address and telephone, when set.
fn contact(a: &Agency) -> String {
    let mut parts = Vec::new();
    if !a.address.is_empty() {
        parts.push(format!("联系地址：{}", a.address));
    }
    if !a.phone.is_empty() {
        parts.push(format!("联系电话：{}", a.phone));
    }
    parts.join("    ")
}
