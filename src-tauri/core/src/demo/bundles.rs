//! Weekly upload bundles, publications and revocations.

use super::texts::REVOKE_REASONS;
use super::*;

impl Life {
    /// The weekly bundle (on the Friday after approval), publication about a week later,
    /// and for some items a revocation months after.
    pub(super) fn export_and_publish(
        &mut self,
        tx: &Tx<'_>,
        w: &mut World,
        chain: &mut Chain,
        rng: &mut Rng,
    ) -> Result<()> {
        // A few items approved in the last fortnight wait for a later bundle. (Older
        // approved items were all exported: years-old ones left over would only fill the
        // dashboard's overdue list, which no bureau's would look like.)
        if (w.now - self.t).num_days() < 14 && rng.chance(30) {
            return Ok(());
        }
        let publisher = rng.pick(&w.people.publishers).clone();
        let mut friday = self.t.date_naive() + Duration::days(1);
        while friday.weekday() != Weekday::Fri {
            friday += Duration::days(1);
        }
        let t = at_minutes(self.t.offset(), friday, 15 * 60);
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let (bundle_id, file_name) = bundle(tx, w, rng, friday, &publisher, t)?;
        let hash = self.hash.clone().unwrap_or_default();
        store::bundles::insert_bundle_item(tx, &bundle_id, self.id, self.version, &hash)?;
        self.go(Status::Exported)?;
        chain.push(
            t,
            &publisher,
            "bundle.export",
            Some(self.id),
            (None, Some(&hash)),
            format!(
                "导出 {}（第 {} 版）到上传包 {file_name}（{bundle_id}）",
                self.named(),
                self.version
            ),
        );
        // The site's staff send back what they published every week or two, so the items
        // of the last bundles are still 已导出 on any day of the week.
        let t = later(rng, t, (7, 14));
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let url = format!(
            "https://jyj.anshan.gov.cn/zwgk/{}/{}.html",
            t.format("%Y%m"),
            self.id
        );
        let date = day(t);
        store::publications::upsert(tx, self.id, &url, &date, publisher.id, &stamp(t))?;
        self.go(Status::Published)?;
        chain.push(
            t,
            &publisher,
            "item.publish",
            Some(self.id),
            (None, None),
            format!("登记发布 {}：{url}（{date}）", self.named()),
        );
        if !rng.chance(6) {
            return Ok(());
        }
        let t = later(rng, t, (30, 700));
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let (kind, label) = if rng.chance(50) {
            ("withdrawn", "撤回")
        } else {
            ("repealed", "废止")
        };
        let reason = *rng.pick(&REVOKE_REASONS);
        let revocation_id = store::publications::insert_revocation(
            tx,
            &store::publications::NewRevocation {
                item_id: self.id,
                kind,
                reason,
                revoked_on: &day(t),
                revoked_by: publisher.id,
                revoked_at: &stamp(t),
            },
        )?;
        self.go(Status::Revoked)?;
        chain.push(
            t,
            &publisher,
            "item.revoke",
            Some(self.id),
            (None, None),
            format!(
                "{label} {}：{reason}（将随下一个上传包通知网站）",
                self.named()
            ),
        );
        // The next Friday's bundle tells the site, unless that Friday is still ahead.
        let mut friday = t.date_naive() + Duration::days(1);
        while friday.weekday() != Weekday::Fri {
            friday += Duration::days(1);
        }
        let t = at_minutes(t.offset(), friday, 15 * 60);
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let (bundle_id, file_name) = bundle(tx, w, rng, friday, &publisher, t)?;
        store::publications::carried_by(tx, revocation_id, &bundle_id)?;
        chain.push(
            t,
            &publisher,
            "bundle.export",
            Some(self.id),
            (None, None),
            format!(
                "上传包 {file_name}（{bundle_id}）通知网站{label} {}",
                self.named()
            ),
        );
        Ok(())
    }
}

/// The bundle exported on `friday`, made when first needed.
fn bundle(
    tx: &Tx<'_>,
    w: &mut World,
    rng: &mut Rng,
    friday: NaiveDate,
    publisher: &Person,
    t: DateTime<FixedOffset>,
) -> Result<(String, String)> {
    if let Some(b) = w.bundles.get(&friday) {
        return Ok(b.clone());
    }
    let id = uuid::Uuid::from_u64_pair(rng.next(), rng.next()).to_string();
    let file_name = format!(
        "{}_{}.zip",
        crate::bundle::names::safe(&w.short_name, "上传包"),
        t.format("%Y%m%d-%H%M%S")
    );
    store::bundles::insert_bundle(
        tx,
        &store::bundles::NewBundle {
            id: &id,
            file_name: &file_name,
            item_count: 0,
            revocation_count: 0,
            bytes: 0,
            created_by: publisher.id,
            created_at: &stamp(t),
            sha256: None,
        },
    )?;
    w.bundles.insert(friday, (id.clone(), file_name.clone()));
    Ok((id, file_name))
}
