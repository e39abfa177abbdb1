//! Nearest valid names for a misspelt one, for "did you mean" hints.

/// Up to three candidates closest to `word`, best first; empty when nothing is close.
pub(crate) fn nearest<'a, I>(word: &str, candidates: I) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_l = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let c_l = c.to_lowercase();
            let mut s = strsim::jaro_winkler(&word_l, &c_l);
            if !word_l.is_empty() && (c_l.contains(&word_l) || word_l.contains(&c_l)) {
                s = s.max(0.9);
            }
            (s, c)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_names_and_ignores_far_ones() {
        let c = ["summary", "title", "updated", "weight"];
        assert_eq!(nearest("sumary", c), vec!["summary".to_string()]);
        assert!(nearest("zzzzqqq", c).is_empty());
        let lan = ["vasterbotten", "vastra-gotaland", "varmland", "orebro"];
        assert_eq!(nearest("vasterbotte", lan)[0], "vasterbotten");
        assert_eq!(nearest("värmland", lan)[0], "varmland");
    }
}
