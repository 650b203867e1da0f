//! 路径 — an OFD path's `AbbreviatedData` ("M 0 0 L 10 0 B … C") as subpaths of points,
//! for [`super::ofd_marks`] to place on the page.

use crate::typeset::page::Subpath;

/// `AbbreviatedData` as subpaths: `M`/`S` move, `L` line, `Q` quadratic and `B` cubic
/// Béziers, `A` arc (drawn straight to its end), `C` close. Points pass through `place`;
/// at most `budget` points are made (it is spent), the rest of a hostile path is dropped.
pub fn outline(
    data: &str,
    budget: &mut usize,
    place: impl Fn((f64, f64)) -> (f32, f32),
) -> Vec<Subpath> {
    let tokens: Vec<&str> = data.split_whitespace().collect();
    let num = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    let mut out: Vec<Subpath> = Vec::new();
    let mut current: Vec<(f32, f32, bool)> = Vec::new();
    let mut last = (0.0, 0.0);
    let mut i = 0;
    let end = |current: &mut Vec<(f32, f32, bool)>, out: &mut Vec<Subpath>, closed: bool| {
        if current.len() > 1 {
            out.push((std::mem::take(current), closed));
        }
        current.clear();
    };
    while i < tokens.len() && *budget > 0 {
        let op = tokens[i];
        let args = match op {
            "M" | "S" | "L" => 2,
            "Q" => 4,
            "B" => 6,
            "A" => 7,
            "C" => 0,
            _ => {
                i += 1;
                continue;
            }
        };
        let vals: Option<Vec<f64>> = (1..=args).map(|k| num(i + k)).collect();
        i += 1 + args;
        let Some(v) = vals else { continue };
        let mut put = |p: (f64, f64), bezier: bool, current: &mut Vec<(f32, f32, bool)>| {
            let (x, y) = place(p);
            current.push((x, y, bezier));
            *budget = budget.saturating_sub(1);
        };
        match op {
            "M" | "S" => {
                end(&mut current, &mut out, false);
                last = (v[0], v[1]);
                put(last, false, &mut current);
            }
            "C" => {
                let first = current.first().copied();
                end(&mut current, &mut out, true);
                if let Some((x, y, _)) = first {
                    // A path goes on from where its closed subpath began.
                    current.push((x, y, false));
                }
            }
            _ => {
                if current.is_empty() {
                    put(last, false, &mut current);
                }
                match op {
                    "Q" => {
                        let (q, p) = ((v[0], v[1]), (v[2], v[3]));
                        let third = |a: (f64, f64), b: (f64, f64)| {
                            (a.0 + 2.0 / 3.0 * (b.0 - a.0), a.1 + 2.0 / 3.0 * (b.1 - a.1))
                        };
                        put(third(last, q), true, &mut current);
                        put(third(p, q), true, &mut current);
                        last = p;
                    }
                    "B" => {
                        put((v[0], v[1]), true, &mut current);
                        put((v[2], v[3]), true, &mut current);
                        last = (v[4], v[5]);
                    }
                    "A" => last = (v[5], v[6]),
                    _ => last = (v[0], v[1]),
                }
                put(last, false, &mut current);
            }
        }
    }
    end(&mut current, &mut out, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_and_hostile_paths() {
        let mut budget = 100;
        let p = outline(
            "M 0 0 Q 3 3 6 0 B 1 1 2 2 3 3 A 1 1 0 0 1 9 9 X 1 L 1",
            &mut budget,
            |(x, y)| (x as f32, y as f32),
        );
        assert_eq!(p.len(), 1);
        let flags: Vec<bool> = p[0].0.iter().map(|q| q.2).collect();
        assert_eq!(flags, [false, true, true, false, true, true, false, false]);
        assert_eq!(p[0].0[1], (2.0, 2.0, true));
        // A path of a million points is cut at the budget, not drawn whole.
        let huge = "M 0 0 ".to_string() + &"L 1 1 ".repeat(1_000_000);
        let mut budget = 1000;
        let p = outline(&huge, &mut budget, |(x, y)| (x as f32, y as f32));
        assert_eq!(budget, 0);
        assert_eq!(p[0].0.len(), 1000);
    }
}
