//! 信息处理费 — 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号): charged 按件 or
//! 按量, never both for one application, each 超额累进 (progressive: every unit is priced by
//! the tier it falls in, like income tax).
//!
//! - 按件 (第四条): the applicant's applications in one natural month, this one included:
//!   1–10 free, 11–30 at 100 元, and from the 31st each further band of 10 costs 100 元 more
//!   (31–40 at 200 元, 41–50 at 300 元 … — the text says "以10件为一档，每增加一档，收费标准
//!   提高100元/件"; the band arithmetic is an interpretation, so the tiers are a parameter).
//! - 按量 (第五条): pages (paper copies, e-mailed or copied electronic data): 1–30 free,
//!   31–100 at 10 元, 101–200 at 20 元, 201 and above at 40 元. 2,219 pages → 83,460 元.
//!
//! [`calculate`] shows its working, line by line, for the 收费通知书.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the fee is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FeeBasis {
    /// 按件: applications by this applicant in the natural month.
    PerApplication,
    /// 按量: pages.
    PerPage,
}

impl FeeBasis {
    pub fn label(self) -> &'static str {
        match self {
            FeeBasis::PerApplication => "按件计收",
            FeeBasis::PerPage => "按量计收",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            FeeBasis::PerApplication => "件",
            FeeBasis::PerPage => "页",
        }
    }
}

/// A tier: units from `from` (1-based) on cost `price` 元 each, until the next tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Tier {
    pub from: u32,
    pub price: u32,
}

/// 按量's tiers (第五条).
pub const PAGE_TIERS: &[Tier] = &[
    Tier { from: 1, price: 0 },
    Tier {
        from: 31,
        price: 10,
    },
    Tier {
        from: 101,
        price: 20,
    },
    Tier {
        from: 201,
        price: 40,
    },
];

/// 按件's tiers up to `count`: 1–10 free, 11–30 at 100, then +100 per band of 10.
pub fn application_tiers(count: u32) -> Vec<Tier> {
    let mut tiers = vec![
        Tier { from: 1, price: 0 },
        Tier {
            from: 11,
            price: 100,
        },
    ];
    let mut from = 31;
    let mut price = 200;
    while from <= count {
        tiers.push(Tier { from, price });
        from += 10;
        price += 100;
    }
    tiers
}

/// One line of the working: `count` units from `from` to `to` at `price`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeeLine {
    pub from: u32,
    pub to: u32,
    pub count: u32,
    pub price: u32,
    #[ts(type = "number")]
    pub amount: u64,
}

/// The fee and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeeCalculation {
    pub basis: FeeBasis,
    pub quantity: u32,
    pub lines: Vec<FeeLine>,
    /// 元.
    #[ts(type = "number")]
    pub total: u64,
    /// The working in one line: “31—100页：70页×10元=700元；…；合计 83460 元”.
    pub working: String,
}

/// The fee for `quantity` units counted by `basis`.
pub fn calculate(basis: FeeBasis, quantity: u32) -> FeeCalculation {
    let tiers = match basis {
        FeeBasis::PerPage => PAGE_TIERS.to_vec(),
        FeeBasis::PerApplication => application_tiers(quantity),
    };
    let mut lines = Vec::new();
    for (i, t) in tiers.iter().enumerate() {
        if quantity < t.from {
            break;
        }
        let end = tiers
            .get(i + 1)
            .map_or(quantity, |next| (next.from - 1).min(quantity));
        let count = end - t.from + 1;
        lines.push(FeeLine {
            from: t.from,
            to: end,
            count,
            price: t.price,
            amount: u64::from(count) * u64::from(t.price),
        });
    }
    let total = lines.iter().map(|l| l.amount).sum();
    let unit = basis.unit();
    let mut parts: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.price == 0 {
                format!("{}—{}{unit}：免费", l.from, l.to)
            } else {
                format!(
                    "{}—{}{unit}：{}{unit}×{}元={}元",
                    l.from, l.to, l.count, l.price, l.amount
                )
            }
        })
        .collect();
    parts.push(format!("合计 {total} 元"));
    FeeCalculation {
        basis,
        quantity,
        lines,
        total,
        working: format!(
            "{}（{quantity}{unit}）：{}",
            basis.label(),
            parts.join("；")
        ),
    }
}
