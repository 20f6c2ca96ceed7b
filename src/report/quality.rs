//! Data quality first: what was rejected and why (with the fix), which fields the export
//! carries, how much of each check's kind it could judge, the data's own time span, and the
//! alerts a screen must show before any rating ("never green over a failure").

use super::{Alert, CheckQuality, DataSpan, FieldQuality, Quality, QualityReason, SlaSources};
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
    map: &std::collections::BTreeMap<String, Reason>,
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

struct Words {
    most_rejected: fn(u64, u64) -> String,
    rejected: fn(u64, u64, f64) -> String,
    unreadable: fn(&str, f64) -> String,
    empty_field: fn(&str, &str, f64) -> String,
    undetermined: fn(&str, f64) -> String,
    limited: fn(&str, u64) -> String,
    outside: fn(&str, &str) -> String,
}

const EN: Words = Words {
    most_rejected: |r, n| {
        format!(
            "{r} of {n} records were rejected: most of this export was not evaluated, so its ratings say little."
        )
    },
    rejected: |r, n, s| format!("{r} of {n} records ({s} %) were rejected and not evaluated."),
    unreadable: |m, s| format!("{s} % of the records carry a value that could not be read: {m}"),
    empty_field: |k, f, s| format!("{f} is empty or unreadable in {s} % of the {k} records."),
    undetermined: |c, s| {
        format!(
            "{c} could judge only {s} % of the records it concerns: a field it needs is missing."
        )
    },
    limited: |c, n| {
        format!(
            "{c} was stopped by its step or memory limit on {n} records: those records were not judged."
        )
    },
    outside: |w, d| format!("The window ({w}) lies outside the data's own span ({d})."),
};

const JA: Words = Words {
    most_rejected: |r, n| {
        format!(
            "{n} 件中 {r} 件のレコードが却下されました。エクスポートの大半が評価されていないため、評価結果はほとんど意味を持ちません。"
        )
    },
    rejected: |r, n, s| format!("{n} 件中 {r} 件({s} %)のレコードが却下され、評価されていません。"),
    unreadable: |m, s| format!("レコードの {s} % に読み取れない値があります: {m}"),
    empty_field: |k, f, s| format!("{k} のレコードの {s} % で {f} が空か読み取れません。"),
    undetermined: |c, s| {
        format!("{c} は対象レコードの {s} % しか判定できませんでした。必要な項目が欠けています。")
    },
    limited: |c, n| {
        format!(
            "{c} はステップ又はメモリの上限により {n} 件のレコードで停止しました。それらのレコードは判定されていません。"
        )
    },
    outside: |w, d| format!("評価期間({w})がデータ自体の期間({d})の外にあります。"),
};

fn day(t: Option<crate::record::Instant>) -> String {
    t.map(|i| i.to_string().chars().take(10).collect())
        .unwrap_or_else(|| "…".to_string())
}

pub(super) fn quality(
    pack: &CompiledPack,
    tallies: &[Tally],
    run: &Run,
    p: &Partial,
    csv: bool,
) -> Quality {
    let lang = run.lang;
    let words = match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    };
    let mut alerts = Vec::new();
    let alert = |level: &str, code: &str, message: String| Alert {
        level: level.to_string(),
        code: code.to_string(),
        message,
    };
    let input = p.records_in;
    let rejected_share = pct(p.rejected_total, input);
    if input > 0 && (p.evaluated == 0 || p.rejected_total * 2 > input) {
        alerts.push(alert(
            "red",
            "most_rejected",
            (words.most_rejected)(p.rejected_total, input),
        ));
    } else if p.rejected_total * 20 > input {
        alerts.push(alert(
            "amber",
            "rejected",
            (words.rejected)(p.rejected_total, input, rejected_share),
        ));
    }
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
            alerts.push(alert(
                "amber",
                "unreadable",
                (words.unreadable)(&message, pct(r.count, p.evaluated.max(1))),
            ));
        }
    }

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
                alerts.push(alert(
                    "amber",
                    "empty_field",
                    (words.empty_field)(kind.as_str(), field, pct(*empty, records)),
                ));
            }
        }
    }

    let mut checks = Vec::new();
    for (check, t) in pack.checks.iter().zip(tallies) {
        if check.def.scope != Scope::Record {
            if t.limited > 0 {
                alerts.push(alert(
                    "red",
                    "limited",
                    (words.limited)(&check.def.id, t.limited),
                ));
            }
            continue;
        }
        let concerned = t.applicable() + t.undetermined;
        if concerned == 0 && t.limited == 0 {
            continue;
        }
        let judged_share = (concerned > 0).then(|| pct(t.applicable(), concerned));
        if t.limited > 0 {
            alerts.push(alert(
                "red",
                "limited",
                (words.limited)(&check.def.id, t.limited),
            ));
        }
        if check.def.aspect == Aspect::Conformity
            && concerned >= 20
            && t.applicable() * 2 < concerned
        {
            alerts.push(alert(
                "amber",
                "undetermined",
                (words.undetermined)(&check.def.id, judged_share.unwrap_or(0.0)),
            ));
        }
        checks.push(CheckQuality {
            check: check.def.id.clone(),
            judged: t.applicable(),
            undetermined: t.undetermined,
            limited: t.limited,
            judged_share,
        });
    }

    let span = DataSpan {
        first: p.data_first.map(|i| i.to_string()),
        last: p.data_last.map(|i| i.to_string()),
    };
    if let (Some(first), Some(last)) = (p.data_first, p.data_last) {
        let before = run.to.is_some_and(|to| to < first);
        let after = run.from.is_some_and(|from| from > last);
        if before || after {
            let window = format!("{} → {}", day(run.from), day(run.to));
            let data = format!("{} → {}", day(Some(first)), day(Some(last)));
            alerts.push(alert(
                "amber",
                "window_outside_data",
                (words.outside)(&window, &data),
            ));
        }
    }
    crate::util::sort::sort_by(&mut alerts, |a, b| {
        b.level.cmp(&a.level).then(a.code.cmp(&b.code))
    });
    Quality {
        rejected_share,
        rejected: reasons(&p.rejected_reasons, input.max(1), csv, lang),
        warnings,
        fields,
        checks,
        data_span: span,
        as_of_from_data: run.as_of_from_data,
        sla_sources: SlaSources {
            sla_rows: p.sla_sources[0],
            verdict_field: p.sla_sources[1],
            given: p.sla_sources[2],
        },
        alerts,
    }
}
