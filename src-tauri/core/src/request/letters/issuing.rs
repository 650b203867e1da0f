//! 出具文书 — what a letter of each kind needs from the request (the event it announces and
//! the dates the clock computed for it), checked, numbered and kept in the caller's
//! transaction.

use chrono::{Datelike, NaiveDate};

use super::super::fees::{calculate, FeeBasis};
use super::super::{clock_settings_in, input_of, mask_id, row_by_number};
use super::super::{Clock, ClockView, ConsultParty, EventKind, Outcome, Status};
use super::settings::{number_of, settings_in};
use super::wording::{compose, Facts, Subject};
use super::LetterKind;
use crate::audit::{self, Event};
use crate::calendar::{self, Calendar};
use crate::error::{Error, Result};
use crate::staff::Staff;
use crate::store::request_letters::{self as rows, LetterRow};
use crate::store::{settings, Conn};

/// Issues a letter in `tx`; its id.
pub(super) fn issue_in(
    tx: &Conn,
    actor: &Staff,
    number: &str,
    kind: LetterKind,
    on: NaiveDate,
) -> Result<i64> {
    if on > crate::clock::today() {
        return Err(Error::invalid("on", "文书日期不能晚于今天。"));
    }
    let r = row_by_number(tx, number)?;
    let input = input_of(&r);
    if on < input.received_on {
        return Err(Error::invalid("on", "文书日期不能早于收到申请之日。"));
    }
    let agency =
        settings::agency(tx)?.ok_or_else(|| Error::NotFound("尚未设置机构信息。".into()))?;
    let clock_settings = clock_settings_in(tx)?;
    let letter_settings = settings_in(tx)?;
    let cal = Calendar::load(tx)?;
    let events: Vec<Recorded> = rows::events(tx, r.id)?
        .into_iter()
        .filter_map(|e| {
            let day = calendar::date_of(&e.on_date)?;
            let kind = serde_json::from_str(&e.detail).ok()?;
            Some((e.id, day, kind, e.staff_id))
        })
        .collect();
    let issued = rows::of_request(tx, r.id)?;
    // The clock after the first `upto` events, as it stood on `day`.
    let view = |upto: usize, day: NaiveDate| -> ClockView {
        let plain: Vec<(NaiveDate, EventKind, i64)> = events[..upto]
            .iter()
            .map(|(_, d, k, by)| (*d, k.clone(), *by))
            .collect();
        Clock::replay(&cal, &clock_settings, input.received_on, &plain).view(day)
    };
    // The event a letter announces has no letter yet and is not later than the letter.
    let check = |day: NaiveDate, id: i64| -> Result<()> {
        if let Some(l) = issued.iter().find(|l| l.event_id == Some(id)) {
            return Err(Error::Conflict(format!(
                "该办理事项已出具过{}（文号 {}），需要时请重新打印。",
                kind.label(),
                l.number
            )));
        }
        if on < day {
            return Err(Error::invalid(
                "on",
                format!(
                    "文书日期不能早于所告知事项的日期（{}）。",
                    day.format("%Y-%m-%d")
                ),
            ));
        }
        Ok(())
    };
    let missing = |m: &str| Error::Conflict(m.into());
    let once = |k: LetterKind| -> Result<()> {
        match issued.iter().find(|l| l.kind == k.code()) {
            Some(l) => Err(Error::Conflict(format!(
                "本申请已出具过{}（文号 {}），需要时请重新打印。",
                k.label(),
                l.number
            ))),
            None => Ok(()),
        }
    };
    let masked = mask_id(&input.id_number);
    let pause_until = |i: usize| -> Option<NaiveDate> {
        let (_, day, _, _) = &events[i];
        view(i + 1, *day).pauses.last().map(|p| p.until)
    };
    let (subject, event_id) = match kind {
        LetterKind::Receipt => {
            once(kind)?;
            let upto = events.iter().take_while(|(_, d, _, _)| *d <= on).count();
            let due = view(upto, on).due_on;
            (
                Subject::Receipt {
                    due,
                    masked_id: masked,
                },
                None,
            )
        }
        LetterKind::Correction => {
            let found = latest(&events, |k| match k {
                EventKind::CorrectionSent { items, .. } => Some(items.as_str()),
                _ => None,
            });
            let Some((i, day, id, items)) = found else {
                return Err(missing(
                    "尚未登记发出补正告知：请先登记补正告知，再出具补正告知书。",
                ));
            };
            check(day, id)?;
            let until = view(i + 1, day).correction_until.unwrap_or(day);
            (Subject::Correction { items, until }, Some(id))
        }
        LetterKind::Extension => {
            let found = latest(&events, |k| {
                matches!(k, EventKind::ExtensionApproved).then_some(())
            });
            let Some((i, day, id, ())) = found else {
                return Err(missing(
                    "尚未登记负责人同意延期：延期经负责人同意后才能告知申请人。",
                ));
            };
            check(day, id)?;
            let (days, reason) = events[..i]
                .iter()
                .rev()
                .find_map(|(_, _, k, _)| match k {
                    EventKind::ExtensionRequested { days, reason } => {
                        Some((*days, reason.as_str()))
                    }
                    _ => None,
                })
                .unwrap_or((0, ""));
            (
                Subject::Extension {
                    days,
                    reason,
                    old_due: view(i, day).due_on,
                    new_due: view(i + 1, day).due_on,
                },
                Some(id),
            )
        }
        LetterKind::ConsultThirdParty | LetterKind::ConsultCoMaker => {
            let want = if kind == LetterKind::ConsultThirdParty {
                ConsultParty::ThirdParty
            } else {
                ConsultParty::CoMaker
            };
            let found = latest(&events, |k| match k {
                EventKind::ConsultStarted { party, whom } if *party == want => Some(whom.as_str()),
                _ => None,
            });
            let Some((i, day, id, whom)) = found else {
                return Err(missing(&format!("尚未登记向{}征求意见。", want.label())));
            };
            check(day, id)?;
            (
                Subject::Consult {
                    party: want,
                    whom,
                    until: pause_until(i).unwrap_or(day),
                },
                Some(id),
            )
        }
        LetterKind::Fee => {
            let found = latest(&events, |k| match k {
                EventKind::FeeNoticed { amount, basis } => Some((*amount, basis.as_str())),
                _ => None,
            });
            let Some((i, day, id, (amount, basis))) = found else {
                return Err(missing("尚未登记收费通知：请先登记收费金额和计算依据。"));
            };
            check(day, id)?;
            (
                Subject::Fee {
                    amount,
                    working: fee_working(amount, basis),
                    until: pause_until(i).unwrap_or(day),
                },
                Some(id),
            )
        }
        LetterKind::Reply | LetterKind::ReplyReferral => {
            let found = latest(&events, |k| match k {
                EventKind::Replied { outcome, reason } => Some((*outcome, reason.as_str())),
                _ => None,
            });
            let Some((_, day, id, (outcome, reason))) = found else {
                return Err(missing("尚未登记答复：请先登记办理结果。"));
            };
            check(day, id)?;
            let subject = if kind == LetterKind::ReplyReferral {
                if outcome != Outcome::NotHeld || reason.trim().is_empty() {
                    return Err(Error::Conflict(format!(
                        "“不属于本机关负责公开”的答复书用于办理结果“{}”，并须在答复理由中写明理由和负责公开的机关（名称、联系方式）。",
                        Outcome::NotHeld.label()
                    )));
                }
                Subject::Referral { reason }
            } else {
                Subject::Reply {
                    outcome,
                    reason,
                    corrected_after: events.iter().find_map(|(_, d, k, _)| {
                        matches!(k, EventKind::CorrectionSent { .. }).then_some(*d)
                    }),
                }
            };
            (subject, Some(id))
        }
        LetterKind::AbandonCorrection | LetterKind::AbandonFee => {
            once(kind)?;
            let fee = kind == LetterKind::AbandonFee;
            let want = if fee {
                Outcome::UnpaidFee
            } else {
                Outcome::NoCorrection
            };
            let v = view(events.len(), on);
            if v.status != Status::Abandoned || v.outcome != Some(want) {
                return Err(Error::Conflict(format!(
                    "该申请在 {} 并未因{}而视为放弃。",
                    on.format("%Y-%m-%d"),
                    if fee {
                        "逾期未缴费"
                    } else {
                        "逾期不补正"
                    }
                )));
            }
            let sent = events.iter().rev().find_map(|(_, d, k, _)| {
                let hit = if fee {
                    matches!(k, EventKind::FeeNoticed { .. })
                } else {
                    matches!(k, EventKind::CorrectionSent { .. })
                };
                hit.then_some(*d)
            });
            let until = if fee {
                v.pauses.last().map(|p| p.until)
            } else {
                v.correction_until
            };
            let sent = sent.unwrap_or(input.received_on);
            (
                Subject::Abandoned {
                    fee,
                    sent,
                    until: until.unwrap_or(sent),
                },
                None,
            )
        }
    };
    let doc_number = allocate(tx, &letter_settings.number_pattern, &agency.short_name, on)?;
    let printed = compose(
        &Facts {
            request_no: &r.number,
            input: &input,
            agency: &agency,
            clock: &clock_settings,
            settings: &letter_settings,
            number: &doc_number,
            on,
        },
        &subject,
    );
    let day = on.format("%Y-%m-%d").to_string();
    let id = rows::insert(
        tx,
        &LetterRow {
            id: 0,
            request_id: r.id,
            kind: kind.code().into(),
            event_id,
            number: doc_number.clone(),
            issued_on: day.clone(),
            content: serde_json::to_string(&printed).unwrap_or_default(),
            served_how: None,
            served_on: None,
            tracking_no: None,
            issued_by: String::new(),
            at: crate::clock::stamp(),
        },
        actor.id,
    )?;
    audit::append(
        tx,
        actor.into(),
        Event::new(
            "request.letter",
            format!(
                "依申请公开申请 {}：出具{} {doc_number}（{day}）",
                r.number,
                kind.label()
            ),
        ),
    )?;
    Ok(id)
}

type Recorded = (i64, NaiveDate, EventKind, i64);

/// The latest event in which `pick` finds something: (its index, day, id, what was found).
fn latest<'e, T>(
    events: &'e [Recorded],
    pick: impl Fn(&'e EventKind) -> Option<T>,
) -> Option<(usize, NaiveDate, i64, T)> {
    events
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, (id, day, k, _))| pick(k).map(|t| (i, *day, *id, t)))
}

/// The next 文号 of the letter's year; a number some letter already carries (after the
/// pattern or the short name changed back) is passed over, never given twice.
fn allocate(tx: &Conn, pattern: &str, short_name: &str, on: NaiveDate) -> Result<String> {
    loop {
        let n = rows::next_in_year(tx, on.year())?;
        let number = number_of(pattern, short_name, on.year(), n);
        if !rows::number_taken(tx, &number)? {
            return Ok(number);
        }
    }
}

/// The fee's working for the notice: the recorded basis when it is a working already (as
/// [`calculate`] writes it); for a bare “按量” / “按件” the working is recomputed from the
/// amount (past the free tier every unit costs something, so the amount gives the count
/// back); otherwise the basis as recorded.
fn fee_working(amount: i64, basis: &str) -> String {
    let basis = basis.trim();
    if basis.contains("合计") {
        return basis.into();
    }
    let by = if basis.contains("按量") || basis.contains('页') {
        Some(FeeBasis::PerPage)
    } else if basis.contains("按件") || basis.contains('件') {
        Some(FeeBasis::PerApplication)
    } else {
        None
    };
    let found = by.and_then(|by| {
        let (mut lo, mut hi) = (1u32, 1_000_000u32);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if (calculate(by, mid).total as i64) < amount {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let c = calculate(by, lo);
        (amount > 0 && c.total as i64 == amount).then_some(c.working)
    });
    found.unwrap_or_else(|| {
        if basis.is_empty() {
            format!("{amount}元")
        } else {
            format!("{basis}：{amount}元")
        }
    })
}
