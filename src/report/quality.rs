//! Data quality first: what was rejected and why (with the fix), which fields the export
//! carries, how much of each check's kind it could judge, the data's own time span, and the
//! alerts a screen must show before any rating ("never green over a failure").

use super::{Alert, CheckQuality, DataSpan, FieldQuality, Quality, QualityReason, SlaSources};
use std::fmt::Display;

use crate::catalog::Lang;
use crate::engine::Run;
use crate::pdca::{Partial, Reason, Tally};
use crate::rules::compiled::CompiledPack;
use crate::rules::pack::{Aspect, Scope};

/// Percent, one decimal.
fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (1000.0 * part as f64 / whole as f64).round() / 10.0
}

/// The concrete fix for a kind of rejection or warning, when we know one.
fn fix_for(key: &str, csv: bool, lang: Lang) -> Option<String> {
    let (en, ja): (&str, &str) = if key.contains("cannot tell which tool") {
        (
            "Pass the tool with `source`, or describe the columns with a mapping (`node js/cli.js map FILE` proposes one).",
            "`source` でツールを指定するか、マッピングで列を説明してください(`node js/cli.js map FILE` が案を出します)。",
        )
    } else if key.contains("missing field") {
        (
            "Give every record the field the message names (a canonical record needs `id` and `kind`; see schema/record.schema.json).",
            "メッセージが示す項目をすべてのレコードに含めてください(正規形式のレコードには `id` と `kind` が必要です。schema/record.schema.json を参照)。",
        )
    } else if key.contains("needs a") && (key.contains("sys_id") || key.contains("id")) {
        (
            "Export the tool's record id column (or its number), so each record can be told apart.",
            "レコードを識別できるよう、ツールのレコード ID 列(または番号列)を含めてエクスポートしてください。",
        )
    } else if key.contains("date") || key.contains("time") {
        if csv {
            (
                "Give the column's date format in `context.csv.dateFormat` (e.g. %d/%m/%Y %H:%M) and the time zone in `context.timeZone`.",
                "`context.csv.dateFormat`(例: %d/%m/%Y %H:%M)で列の日付形式を、`context.timeZone` でタイムゾーンを指定してください。",
            )
        } else {
            (
                "Send times as ISO 8601 (or the tool's API format); for naive local times set `context.timeZone`.",
                "日時は ISO 8601(またはツールの API 形式)で渡し、タイムゾーンのない日時には `context.timeZone` を指定してください。",
            )
        }
    } else if key.contains("unknown variant") || key.contains("unknown code") {
        (
            "Use a canonical value (schema/record.schema.json) or map the tool's value with `context.choices`.",
            "正規の値(schema/record.schema.json)を使うか、`context.choices` でツールの値を対応付けてください。",
        )
    } else if key.contains("not joined") || key.contains("not in this input") {
        (
            "Export the related records together with the records they belong to, in one input.",
            "関連レコードは、それが属するレコードと一緒に 1 つの入力でエクスポートしてください。",
        )
    } else {
        return None;
    };
    Some(match lang {
        Lang::En => en.to_string(),
        Lang::Ja => ja.to_string(),
    })
}

fn reasons(
    map: &crate::util::vec_map::VecMap<String, Reason>,
    whole: u64,
    csv: bool,
    lang: Lang,
) -> Vec<QualityReason> {
    let mut rows: Vec<QualityReason> = map
        .iter()
        .map(|(key, r)| QualityReason {
            count: r.count,
            share: pct(r.count, whole),
            index: r.index,
            path: r.path.clone(),
            message: crate::i18n::localize(lang, &r.message),
            fix: fix_for(key, csv, lang),
        })
        .collect();
    crate::util::sort::sort_by(&mut rows, |a, b| {
        b.count.cmp(&a.count).then(a.index.cmp(&b.index))
    });
    rows
}

/// An alert's sentence in English and Japanese; `{0}`, `{1}` … stand for its values.
struct Text {
    en: &'static str,
    ja: &'static str,
}

const MOST_REJECTED: Text = Text {
    en: "{0} of {1} records were rejected: most of this export was not evaluated, so its ratings say little.",
    ja: "{1} 件中 {0} 件のレコードが却下されました。エクスポートの大半が評価されていないため、評価結果はほとんど意味を持ちません。",
};
const REJECTED: Text = Text {
    en: "{0} of {1} records ({2} %) were rejected and not evaluated.",
    ja: "{1} 件中 {0} 件({2} %)のレコードが却下され、評価されていません。",
};
const UNREADABLE: Text = Text {
    en: "{1} % of the records carry a value that could not be read: {0}",
    ja: "レコードの {1} % に読み取れない値があります: {0}",
};
const EMPTY_FIELD: Text = Text {
    en: "{1} is empty or unreadable in {2} % of the {0} records.",
    ja: "{0} のレコードの {2} % で {1} が空か読み取れません。",
};
const UNDETERMINED: Text = Text {
    en: "{0} could judge only {1} % of the records it concerns: a field it needs is missing.",
    ja: "{0} は対象レコードの {1} % しか判定できませんでした。必要な項目が欠けています。",
};
const LIMITED: Text = Text {
    en: "{0} was stopped by its step or memory limit on {1} records: those records were not judged.",
    ja: "{0} はステップ又はメモリの上限により {1} 件のレコードで停止しました。それらのレコードは判定されていません。",
};
const OUTSIDE: Text = Text {
    en: "The window ({0}) lies outside the data's own span ({1}).",
    ja: "評価期間({0})がデータ自体の期間({1})の外にあります。",
};

impl Text {
    /// The sentence in `lang` with its values in place.
    fn say(&self, lang: Lang, values: &[&dyn Display]) -> String {
        let mut rest = match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        };
        // One pass over the template, so a value that holds `{1}` is never filled in again.
        let mut out = String::with_capacity(rest.len() + 16);
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            let value = after
                .split_once('}')
                .and_then(|(digit, tail)| Some((values.get(digit.parse::<usize>().ok()?)?, tail)));
            match value {
                Some((value, tail)) => {
                    out.push_str(&value.to_string());
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn day(t: Option<crate::record::Instant>) -> String {
    t.map(|i| i.to_string().chars().take(10).collect())
        .unwrap_or_else(|| "…".to_string())
}

/// The alerts a screen shows before any rating, said in the run's language.
struct Alerts {
    lang: Lang,
    list: Vec<Alert>,
}

impl Alerts {
    fn push(&mut self, level: &str, code: &str, text: &Text, values: &[&dyn Display]) {
        self.list.push(Alert {
            level: level.to_string(),
            code: code.to_string(),
            message: text.say(self.lang, values),
        });
    }
}

pub(super) fn quality(
    pack: &CompiledPack,
    tallies: &[Tally],
    run: &Run,
    p: &Partial,
    csv: bool,
) -> Quality {
    let lang = run.lang;
    let mut alerts = Alerts {
        lang,
        list: Vec::new(),
    };
    let input = p.records_in;
    let rejected_share = pct(p.rejected_total, input);
    rejection_alerts(p, rejected_share, &mut alerts);
    let warnings = warning_rows(p, csv, lang, &mut alerts);
    let fields = field_rows(p, &mut alerts);
    let checks = check_rows(pack, tallies, &mut alerts);
    window_alert(run, p, &mut alerts);
    let mut alerts = alerts.list;
    crate::util::sort::sort_by(&mut alerts, |a, b| {
        b.level.cmp(&a.level).then(a.code.cmp(&b.code))
    });
    Quality {
        rejected_share,
        rejected: reasons(&p.rejected_reasons, input.max(1), csv, lang),
        warnings,
        fields,
        checks,
        data_span: DataSpan {
            first: p.data_first.map(|i| i.to_string()),
            last: p.data_last.map(|i| i.to_string()),
        },
        as_of_from_data: run.as_of_from_data,
        sla_sources: SlaSources {
            sla_rows: p.sla_sources[0],
            verdict_field: p.sla_sources[1],
            given: p.sla_sources[2],
        },
        alerts,
    }
}

/// Red when most of the export was rejected, amber when more than 5 % was.
fn rejection_alerts(p: &Partial, rejected_share: f64, alerts: &mut Alerts) {
    let input = p.records_in;
    if input > 0 && (p.evaluated == 0 || p.rejected_total * 2 > input) {
        let values: [&dyn Display; 2] = [&p.rejected_total, &input];
        alerts.push("red", "most_rejected", &MOST_REJECTED, &values);
    } else if p.rejected_total * 20 > input {
        let values: [&dyn Display; 3] = [&p.rejected_total, &input, &rejected_share];
        alerts.push("amber", "rejected", &REJECTED, &values);
    }
}

/// The warnings by reason with the grouped notes, most frequent first; amber when dates or
/// times could not be read in more than 5 % of the records.
fn warning_rows(p: &Partial, csv: bool, lang: Lang, alerts: &mut Alerts) -> Vec<QualityReason> {
    let mut warnings = reasons(&p.warning_reasons, p.evaluated.max(1), csv, lang);
    for g in &p.grouped {
        let w = g.warning();
        warnings.push(QualityReason {
            count: g.count,
            share: pct(g.count, p.evaluated.max(1)),
            index: w.index,
            path: w.path,
            message: crate::i18n::localize(lang, &w.message),
            fix: None,
        });
    }
    crate::util::sort::sort_by(&mut warnings, |a, b| {
        b.count.cmp(&a.count).then(a.index.cmp(&b.index))
    });
    for (key, r) in &p.warning_reasons {
        // A note of what a CSV's columns were read as is information, not a problem.
        if crate::record::source::csv::infer::is_inference_note(&r.message) {
            continue;
        }
        let date = key.contains("date") || key.contains("time");
        if date && r.count * 20 > p.evaluated {
            let message = crate::i18n::localize(lang, &r.message);
            let share = pct(r.count, p.evaluated.max(1));
            alerts.push("amber", "unreadable", &UNREADABLE, &[&message, &share]);
        }
    }
    warnings
}

/// Per kind and field: records with a value, empty, absent.
fn field_rows(p: &Partial, alerts: &mut Alerts) -> Vec<FieldQuality> {
    let mut fields = Vec::new();
    for (kind, counts) in &p.fields {
        for (field, [values, empty, absent]) in counts {
            let records = values + empty + absent;
            fields.push(FieldQuality {
                kind: *kind,
                field: field.clone(),
                records,
                readable: *values,
                empty: *empty,
                absent: *absent,
                readable_share: pct(*values, records),
            });
            // The opened time places a ticket in the window and dates every age check: sent but
            // empty or unreadable in more than 5 % of records, the ratings lose their footing.
            // (Other times are empty for good reasons: an open problem has no resolvedAt.)
            if field == "openedAt" && *empty * 20 > records {
                let share = pct(*empty, records);
                let values: [&dyn Display; 3] = [&kind.as_str(), field, &share];
                alerts.push("amber", "empty_field", &EMPTY_FIELD, &values);
            }
        }
    }
    fields
}

/// How much of each record check's kind could be judged: red when a check was stopped by its
/// limit (window checks too), amber when a conformity check judged less than half of at least
/// 20 records.
fn check_rows(pack: &CompiledPack, tallies: &[Tally], alerts: &mut Alerts) -> Vec<CheckQuality> {
    let mut checks = Vec::new();
    for (check, t) in pack.checks.iter().zip(tallies) {
        let limited = |alerts: &mut Alerts| {
            if t.limited > 0 {
                alerts.push("red", "limited", &LIMITED, &[&check.def.id, &t.limited]);
            }
        };
        if check.def.scope != Scope::Record {
            limited(alerts);
            continue;
        }
        let concerned = t.applicable() + t.undetermined;
        if concerned == 0 && t.limited == 0 {
            continue;
        }
        let judged_share = (concerned > 0).then(|| pct(t.applicable(), concerned));
        limited(alerts);
        if check.def.aspect == Aspect::Conformity
            && concerned >= 20
            && t.applicable() * 2 < concerned
        {
            let share = judged_share.unwrap_or(0.0);
            alerts.push(
                "amber",
                "undetermined",
                &UNDETERMINED,
                &[&check.def.id, &share],
            );
        }
        checks.push(CheckQuality {
            check: check.def.id.clone(),
            judged: t.applicable(),
            undetermined: t.undetermined,
            limited: t.limited,
            judged_share,
        });
    }
    checks
}

/// Amber when the run's window lies wholly outside the data's own span.
fn window_alert(run: &Run, p: &Partial, alerts: &mut Alerts) {
    let (Some(first), Some(last)) = (p.data_first, p.data_last) else {
        return;
    };
    let before = run.to.is_some_and(|to| to < first);
    let after = run.from.is_some_and(|from| from > last);
    if before || after {
        let window = format!("{} → {}", day(run.from), day(run.to));
        let data = format!("{} → {}", day(Some(first)), day(Some(last)));
        alerts.push("amber", "window_outside_data", &OUTSIDE, &[&window, &data]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_fills_each_value_once_in_its_language() {
        let values: [&dyn Display; 3] = [&"{1}", &7u64, &12.5f64];
        assert_eq!(
            REJECTED.say(Lang::En, &values),
            "{1} of 7 records (12.5 %) were rejected and not evaluated."
        );
        assert_eq!(
            REJECTED.say(Lang::Ja, &values),
            "7 件中 {1} 件(12.5 %)のレコードが却下され、評価されていません。"
        );
        let text = Text {
            en: "{a} {9} {0",
            ja: "",
        };
        assert_eq!(text.say(Lang::En, &values), "{a} {9} {0");
    }
}
