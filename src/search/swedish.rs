//! Swedish word forms: the Snowball Swedish stemmer (crate `rust-stemmers`,
//! ported line by line to `search.js` as `stem`) and the linking letters of
//! Swedish compounds.

use rust_stemmers::{Algorithm, Stemmer};

/// The Snowball Swedish stemmer.
pub(crate) struct Swedish {
    stemmer: Stemmer,
}

impl Swedish {
    /// A new stemmer.
    pub(crate) fn new() -> Self {
        Swedish {
            stemmer: Stemmer::create(Algorithm::Swedish),
        }
    }

    /// Byte length of the stem of a lowercase `word`. Snowball Swedish only
    /// removes or shortens endings (`löst` → `lös`, `fullt` → `full`), so the
    /// stem is always a prefix of the word.
    pub(crate) fn stem_len(&self, word: &str) -> usize {
        if word.len() < 3 {
            return word.len();
        }
        let stem = self.stemmer.stem(word);
        if word.starts_with(stem.as_ref()) {
            stem.len()
        } else {
            word.len()
        }
    }

    /// The stem of a lowercase `word`.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> &'a str {
        &word[..self.stem_len(word)]
    }
}

/// Endings of the Snowball suffix list: a compound's head must not be one of
/// them (`kommun|erna` is an inflection, not a compound).
pub(crate) const INFLECTION_ENDINGS: &[&str] = &[
    "arna", "erna", "orna", "heterna", "ande", "arne", "aste", "anden", "aren", "heten", "heter",
    "arnas", "ernas", "ornas", "ades", "andes", "arens", "hetens", "erns", "andet",
];

/// Function words that are never the last part of a compound
/// (`utveckl|ingen` is no compound of `ingen`).
pub(crate) const NOT_HEADS: &[&str] = &[
    "alla", "allt", "andra", "annan", "annat", "bara", "blev", "blir", "dels", "denna", "deras",
    "dess", "dessa", "detta", "efter", "eller", "emot", "enligt", "finns", "flera", "genom",
    "hade", "hans", "hela", "hennes", "inga", "ingen", "inget", "inom", "inte", "kring", "mellan",
    "mera", "mest", "mycket", "nagon", "nagot", "nagra", "olika", "oss", "sedan", "sina", "sitt",
    "skall", "skulle", "sjalv", "till", "under", "utan", "vara", "vars", "varje", "vart", "vilka",
    "vilken", "vilket", "aven", "over", "ocksa", "annu", "efter", "fore", "inne", "ning", "ningar",
    "ningen", "ingar", "ingarna", "ingens",
];

/// Linking letters that may end the first part of a compound, folded: `-s-`
/// (levnad|s|vanor), `-o-` for a dropped `-a` (hälso|arbete from hälsa), `-u-`
/// (gatu|kontor from gata), `-e-` (barn|e|vård is rare, but "rike" → "rikes"), `-a-`.
pub(crate) const LINKING: &[char] = &['s', 'o', 'u', 'e', 'a'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_prefixes() {
        let sv = Swedish::new();
        assert_eq!(sv.stem("levnadsvanor"), "levnadsvan");
        assert_eq!(sv.stem("levnadsvana"), "levnadsvan");
        assert_eq!(sv.stem("hälsa"), "häls");
        // Snowball Swedish keeps the definite "-an".
        assert_eq!(sv.stem("hälsan"), "hälsan");
        assert_eq!(sv.stem("kommunerna"), "kommun");
        assert_eq!(sv.stem("upplöst"), "upplös");
        assert_eq!(sv.stem("i"), "i");
        assert_eq!(sv.stem("2023"), "2023");
    }
}
