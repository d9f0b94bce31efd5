//! The system's errors in the editor's words: an [`std::io::Error`] says "No such file or
//! directory (os error 2)" in English whatever the editor reads; [`io_reason`] says it from the
//! catalogue (`io.*`), keeping the system's text only for a kind it does not know.

use std::io::{Error, ErrorKind};

/// Why a file could not be read or written, in the language of this run: the catalogue's words
/// for the common kinds of error, else the error's own text (milnik's own errors, made with a
/// message in the editor's language, keep theirs).
pub fn io_reason(error: &Error) -> String {
    match error.kind() {
        ErrorKind::NotFound => crate::msg!("io.not_found"),
        ErrorKind::PermissionDenied => crate::msg!("io.permission_denied"),
        ErrorKind::AlreadyExists => crate::msg!("io.already_exists"),
        ErrorKind::IsADirectory => crate::msg!("io.is_a_directory"),
        ErrorKind::NotADirectory => crate::msg!("io.not_a_directory"),
        ErrorKind::DirectoryNotEmpty => crate::msg!("io.directory_not_empty"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => crate::msg!("io.storage_full"),
        ErrorKind::ReadOnlyFilesystem => crate::msg!("io.read_only"),
        ErrorKind::FileTooLarge => crate::msg!("io.too_large"),
        ErrorKind::InvalidData => crate::msg!("io.invalid_data"),
        _ => error.to_string(),
    }
}

/// [`io_reason`] of a directory walk's error, when the system's; else the walk's own text (a
/// symbolic link that loops).
pub fn walk_reason(error: &walkdir::Error) -> String {
    match error.io_error() {
        Some(io) => io_reason(io),
        None => error.to_string(),
    }
}

/// [`io_reason`] of the first system error in an error's chain of causes, else the error's own
/// text: what `main` prints after "caused by".
pub fn cause_reason(error: &(dyn std::error::Error + 'static)) -> String {
    match error.downcast_ref::<Error>() {
        Some(io) => io_reason(io),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{catalogue, Lang};

    #[test]
    fn common_system_errors_are_worded_by_the_catalogue() {
        let missing = std::fs::read("/nonexistent/milnik/file").unwrap_err();
        assert_eq!(io_reason(&missing), crate::msg!("io.not_found"));
        assert!(!io_reason(&missing).contains("os error"));
        let own = Error::new(ErrorKind::InvalidInput, "milnik's own words");
        assert_eq!(io_reason(&own), "milnik's own words");
        // The library reads English; the Czech words are in the catalogue beside them.
        let czech = catalogue(Lang::Cs).text("io.not_found", &[]);
        assert_eq!(czech, "soubor nebo složka neexistuje");
    }
}
