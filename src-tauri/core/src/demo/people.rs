//! The generated staff and who acts in each role.

use super::texts::{GIVEN, SURNAMES};
use super::*;
use crate::seed::LEADERSHIP;

/// Adds the staff of every office (the office's head and drafters) and the bureau's
/// reviewers, leaders and publishers, with one shared demo password (`password`, random
/// for each run: never one published anywhere).
pub(super) fn add_people(
    tx: &Conn,
    rng: &mut Rng,
    chain: &mut Chain,
    start: DateTime<FixedOffset>,
    password: &str,
) -> Result<People> {
    let offices: Vec<(i64, String)> = store::offices::list(tx, false)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let first = offices
        .first()
        .ok_or_else(|| Error::Conflict("数据目录中没有处室，无法生成演示数据。".into()))?;
    let main_office = offices
        .iter()
        .find(|(_, n)| n == "办公室")
        .unwrap_or(first)
        .0;
    // The bureau's leaders are of 局领导 (where there is one), which drafts nothing.
    let leadership = offices.iter().find(|(_, n)| n == LEADERSHIP).map(|o| o.0);
    let staff = store::people::list(tx)?;
    let mut taken: std::collections::HashSet<String> =
        staff.iter().map(|s| s.name.clone()).collect();
    let hash = hash_password(password)?;
    let existing_admin: Option<Person> = staff
        .into_iter()
        .filter(|s| s.active && s.roles.iter().any(|r| r == Role::Admin.code()))
        .min_by_key(|s| s.id)
        .map(|s| Person {
            id: s.id,
            name: s.name,
        });
    let mut added = 0;
    let mut t = start - Duration::days(30);
    let mut add = |name: String,
                   office: i64,
                   roles: &[Role],
                   by: Option<&Person>,
                   chain: &mut Chain,
                   rng: &mut Rng|
     -> Result<Person> {
        let id = store::people::insert(tx, &name, office, &hash, &stamp(t), false)?;
        for r in roles {
            store::people::add_role(tx, id, r.code())?;
        }
        let me = Person {
            id,
            name: name.clone(),
        };
        chain.push(
            t,
            by.unwrap_or(&me),
            "staff.add",
            None,
            (None, None),
            format!("新增人员“{name}”，角色：{}", labels(roles)),
        );
        t = later(rng, t, (0, 0));
        added += 1;
        Ok(me)
    };
    let name = |rng: &mut Rng, taken: &mut std::collections::HashSet<String>| loop {
        let n = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        if taken.insert(n.clone()) {
            return n;
        }
    };
    let admin = match existing_admin {
        Some(a) => a,
        None => {
            let n = if taken.insert("系统管理员".into()) {
                "系统管理员".to_string()
            } else {
                name(rng, &mut taken)
            };
            add(n, main_office, &[Role::Admin], None, chain, rng)?
        }
    };
    let mut people = People {
        drafters: HashMap::new(),
        heads: HashMap::new(),
        reviewers: Vec::new(),
        leaders: Vec::new(),
        publishers: Vec::new(),
        added: 0,
    };
    for (office, _) in offices.iter().filter(|(_, n)| n != LEADERSHIP) {
        let head = add(
            name(rng, &mut taken),
            *office,
            &[Role::OfficeHead],
            Some(&admin),
            chain,
            rng,
        )?;
        people.heads.entry(*office).or_default().push(head);
        for _ in 0..3 {
            let d = add(
                name(rng, &mut taken),
                *office,
                &[Role::Drafter],
                Some(&admin),
                chain,
                rng,
            )?;
            people.drafters.entry(*office).or_default().push(d);
        }
    }
    for (role, list, n) in [
        (Role::Reviewer, &mut people.reviewers, 3),
        (Role::Leader, &mut people.leaders, 3),
        (Role::Publisher, &mut people.publishers, 2),
    ] {
        let office = match role {
            Role::Leader => leadership.unwrap_or(main_office),
            _ => main_office,
        };
        for _ in 0..n {
            list.push(add(
                name(rng, &mut taken),
                office,
                &[role],
                Some(&admin),
                chain,
                rng,
            )?);
        }
    }
    people.added = added;
    Ok(people)
}

/// A person of the office acting in `role` other than those in `not`.
pub(super) fn someone<'a>(rng: &mut Rng, list: &'a [Person], not: &[i64]) -> Option<&'a Person> {
    let ok: Vec<&Person> = list.iter().filter(|p| !not.contains(&p.id)).collect();
    (!ok.is_empty()).then(|| *rng.pick(&ok))
}
