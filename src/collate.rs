//! Swedish alphabetical order (… X, Y, Z, Å, Ä, Ö) for the A–Ö index and the glossary:
//! a sort key, the letter a title is listed under, and the anchor id of a letter.

/// Swedish collation key: a–z, then å, ä, ö; other accented letters fold to their base.
pub(crate) fn collation_key(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            k.push(c.to_ascii_lowercase());
            continue;
        }
        for c in c.to_lowercase() {
            push_collated(&mut k, c);
        }
    }
    k
}

/// Appends the collation form of one lower-case character to `k`.
fn push_collated(k: &mut String, c: char) {
    match c {
        'å' => k.push('{'),
        'ä' | 'æ' => k.push('|'),
        'ö' | 'ø' => k.push('}'),
        c if c.is_ascii() => k.push(c),
        c => k.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase()),
    }
}

/// The letter a title is listed under (`Å`, `0–9`, `#` for none).
pub(crate) fn letter_of(title: &str) -> String {
    let Some(c) = title.trim().chars().find(|c| c.is_alphanumeric()) else {
        return "#".into();
    };
    if c.is_ascii_alphabetic() {
        return c.to_ascii_uppercase().to_string();
    }
    let up: String = c.to_uppercase().collect();
    match up.as_str() {
        "Å" | "Ä" | "Ö" => up,
        "Æ" => "Ä".into(),
        "Ø" => "Ö".into(),
        _ if c.is_numeric() => "0–9".into(),
        _ => deunicode::deunicode(&up)
            .chars()
            .next()
            .map_or("#".into(), |c| c.to_string()),
    }
}

/// The anchor id of a letter's group.
pub(crate) fn letter_id(letter: &str) -> String {
    match letter {
        "Å" => "bokstav-aa".into(),
        "Ä" => "bokstav-ae".into(),
        "Ö" => "bokstav-oe".into(),
        "0–9" => "bokstav-siffror".into(),
        "#" => "bokstav-ovrigt".into(),
        l => format!("bokstav-{}", l.to_lowercase()),
    }
}
