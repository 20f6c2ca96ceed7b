//! N/P/L/F ratings (ISO/IEC 33020 achievement scale) and the PDCA stage.

use serde::{Deserialize, Serialize, Serializer};

use crate::catalog::Phase;
use crate::rules::Thresholds;

/// How far a phase is achieved. `None` means no evidence was checked: it is not a failure.
// Serialised by hand as `Rating::as_str`: the JSON serde's derive writes, in one string write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Rating {
    /// No check applied: no evidence for this phase.
    #[serde(rename = "none")]
    None,
    /// Not achieved (≤ 15 % by default).
    N,
    /// Partially achieved (≤ 50 %).
    P,
    /// Largely achieved (≤ 85 %).
    L,
    /// Fully achieved (> 85 %).
    F,
}

impl Rating {
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::None => "none",
            Rating::N => "N",
            Rating::P => "P",
            Rating::L => "L",
            Rating::F => "F",
        }
    }

    /// Largely or fully achieved.
    pub fn reached(self) -> bool {
        matches!(self, Rating::L | Rating::F)
    }
}

/// Rates an achievement percentage; `None` when nothing was checked.
pub fn rate(score: Option<f64>, t: &Thresholds) -> Rating {
    match score {
        None => Rating::None,
        Some(s) if s <= t.n => Rating::N,
        Some(s) if s <= t.p => Rating::P,
        Some(s) if s <= t.l => Rating::L,
        Some(_) => Rating::F,
    }
}

/// How far round the PDCA cycle a clause, process or service has come.
// Serialised by hand as `Stage::as_str`, like `Rating`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    None,
    Plan,
    Do,
    Check,
    Act,
}

/// The last phase, in PDCA order, that is evidenced and rated L or F. A phase without evidence
/// in the export is passed over (no evidence is never a failure); a phase rated N or P stops
/// the cycle there.
pub fn stage_of(ratings: [Rating; 4]) -> Stage {
    const STAGES: [Stage; 4] = [Stage::Plan, Stage::Do, Stage::Check, Stage::Act];
    let mut stage = Stage::None;
    for (rating, reached) in ratings.iter().zip(STAGES) {
        match rating {
            Rating::None => {}
            r if r.reached() => stage = reached,
            _ => break,
        }
    }
    stage
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Stage {
    /// The stage's JSON text (`rename_all = "lowercase"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::None => "none",
            Stage::Plan => "plan",
            Stage::Do => "do",
            Stage::Check => "check",
            Stage::Act => "act",
        }
    }

    pub fn phase(self) -> Option<Phase> {
        match self {
            Stage::None => None,
            Stage::Plan => Some(Phase::Plan),
            Stage::Do => Some(Phase::Do),
            Stage::Check => Some(Phase::Check),
            Stage::Act => Some(Phase::Act),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_follow_33020_and_are_inclusive() {
        let t = Thresholds::default();
        assert_eq!(rate(None, &t), Rating::None);
        assert_eq!(rate(Some(0.0), &t), Rating::N);
        assert_eq!(rate(Some(15.0), &t), Rating::N);
        assert_eq!(rate(Some(15.1), &t), Rating::P);
        assert_eq!(rate(Some(50.0), &t), Rating::P);
        assert_eq!(rate(Some(85.0), &t), Rating::L);
        assert_eq!(rate(Some(85.01), &t), Rating::F);
        let strict = Thresholds {
            n: 25.0,
            p: 60.0,
            l: 95.0,
        };
        assert_eq!(rate(Some(90.0), &strict), Rating::L);
    }

    #[test]
    fn ratings_and_stages_are_written_as_their_texts_and_read_back() {
        let ratings = [Rating::None, Rating::N, Rating::P, Rating::L, Rating::F];
        let text = serde_json::to_string(&ratings).unwrap();
        assert_eq!(text, r#"["none","N","P","L","F"]"#);
        assert_eq!(serde_json::from_str::<Vec<Rating>>(&text).unwrap(), ratings);
        let stages = [
            Stage::None,
            Stage::Plan,
            Stage::Do,
            Stage::Check,
            Stage::Act,
        ];
        let text = serde_json::to_string(&stages).unwrap();
        assert_eq!(text, r#"["none","plan","do","check","act"]"#);
        assert_eq!(serde_json::from_str::<Vec<Stage>>(&text).unwrap(), stages);
    }

    #[test]
    fn stage_passes_over_missing_evidence_and_stops_at_n_or_p() {
        use Rating::*;
        assert_eq!(stage_of([F, L, F, F]), Stage::Act);
        assert_eq!(stage_of([F, L, P, F]), Stage::Do);
        assert_eq!(stage_of([None, F, F, F]), Stage::Act);
        assert_eq!(stage_of([L, None, F, F]), Stage::Act);
        assert_eq!(stage_of([None, None, F, F]), Stage::Act);
        assert_eq!(stage_of([None, None, F, None]), Stage::Check);
        assert_eq!(stage_of([N, F, F, F]), Stage::None);
        assert_eq!(stage_of([None, None, None, None]), Stage::None);
    }
}
