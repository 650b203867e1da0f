//! Review chains, rounds, decisions and the re-reviews of withheld items.

use super::*;

pub(super) fn chains(tx: &Conn) -> Result<Chains> {
    let mut out: Chains = HashMap::new();
    // Each category's steps come in step order.
    for s in store::reviews::chain_steps(tx)? {
        if !s.enabled {
            continue;
        }
        if let Some(role) = Role::parse(&s.role) {
            out.entry(s.category_id).or_default().push((role, s.name));
        }
    }
    Ok(out)
}

impl Life {
    pub(super) fn submit(&mut self, tx: &Tx<'_>, chain: &mut Chain, who: &Person) -> Result<i64> {
        self.round += 1;
        let hash = self.hash.clone().unwrap_or_default();
        let round_id = store::reviews::insert_round(
            tx,
            self.id,
            self.round,
            self.version,
            &hash,
            who.id,
            &stamp(self.t),
        )?;
        self.go(Status::InReview)?;
        chain.push(
            self.t,
            who,
            "item.submit",
            Some(self.id),
            (None, Some(&hash)),
            format!(
                "提交审查 {}（第 {} 轮，第 {} 版）",
                self.index_no, self.round, self.version
            ),
        );
        Ok(round_id)
    }

    pub(super) fn decide(
        &mut self,
        tx: &Tx<'_>,
        chain: &mut Chain,
        who: &Person,
        (round_id, pos, step_name): (i64, i64, &str),
        (decision, grounds, comment): (&str, &[&str], &str),
        rereview_on: Option<NaiveDate>,
    ) -> Result<()> {
        let hash = self.hash.clone().unwrap_or_default();
        let due = rereview_on.map(|d| d.format("%Y-%m-%d").to_string());
        let grounds_json = serde_json::to_string(grounds).unwrap_or_else(|_| "[]".into());
        let decision_id = store::reviews::insert_decision(
            tx,
            &store::reviews::NewDecision {
                round_id,
                step: pos,
                step_name,
                decision,
                grounds: &grounds_json,
                comment,
                content_hash: &hash,
                decided_by: who.id,
                decided_at: &stamp(self.t),
                rereview_on: due.as_deref(),
                after_referral: false,
            },
        )?;
        if let Some(due) = &due {
            store::rereviews::insert(tx, self.id, decision_id, due)?;
        }
        let label = crate::review::Decision::parse(decision)
            .map(|d| d.label())
            .unwrap_or(decision);
        let mut detail = format!(
            "{step_name}：{label}（第 {} 轮，{}）",
            self.round, self.index_no
        );
        if !grounds.is_empty() {
            detail.push_str(&format!("，依据 {}", grounds.join("、")));
        }
        if let Some(due) = &due {
            detail.push_str(&format!("，复查日期 {due}"));
        }
        chain.push(
            self.t,
            who,
            "review.decide",
            Some(self.id),
            (Some(&hash), Some(&hash)),
            detail,
        );
        Ok(())
    }

    /// 复查 of a withheld item, kept each time its date came, until one lies ahead.
    pub(super) fn rereviews(
        &mut self,
        tx: &Tx<'_>,
        w: &World,
        chain: &mut Chain,
        rng: &mut Rng,
        mut due: NaiveDate,
    ) -> Result<()> {
        loop {
            let when = due - Duration::days(rng.range(1, 25));
            let t = later(rng, at_minutes(self.t.offset(), when, 9 * 60), (0, 0));
            if t > w.now {
                return Ok(());
            }
            self.t = t;
            let who = rng.pick(&w.people.reviewers).clone();
            let next = t
                .date_naive()
                .checked_add_months(chrono::Months::new(w.rereview_months))
                .unwrap_or(due + Duration::days(365));
            let open = store::rereviews::open(tx, self.id)?.ok_or_else(|| {
                Error::Conflict(format!("{} 没有待复查的不予公开决定。", self.index_no))
            })?;
            store::rereviews::finish(
                tx,
                open.id,
                &stamp(t),
                who.id,
                "keep",
                "不予公开的情形仍然存在，维持原决定。",
            )?;
            let next_s = next.format("%Y-%m-%d").to_string();
            store::rereviews::insert(tx, self.id, open.decision_id, &next_s)?;
            chain.push(
                t,
                &who,
                "review.rereview",
                Some(self.id),
                (None, None),
                format!(
                    "不予公开复查 {}：维持（原定 {}），下次复查 {next_s}",
                    self.index_no,
                    due.format("%Y-%m-%d")
                ),
            );
            due = next;
        }
    }
}
