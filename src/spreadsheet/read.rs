//! Reading a wave spreadsheet into rows: finding the separator in the header row, splitting
//! the text into cells with the csv crate, numbering the rows as a spreadsheet program shows
//! them, and finding each known column in the header. A [`Sheet`] also makes the diagnostics
//! that point at one of its cells.

use std::collections::HashMap;
use std::path::Path;

use super::columns::{column_letter, listed, normalized, Col, Column, SheetTable, COLUMNS};
use super::encoding::decode;
use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Location, SourceFile};

/// Guesses the separator from the header row: the most frequent of `;`, `,` and tab outside
/// quotes (Czech Excel saves `;`, most other programs `,`, Excel's "Unicode Text" tabs). `,`
/// when there is none.
pub fn detect_separator(header_line: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(sep, _)| *sep == b) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent wins, so a tie goes to `;` (a Czech header has no commas
    // of its own).
    let best = counts.iter().fold(
        (b',', 0),
        |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
    );
    best.0
}

/// One data row of the spreadsheet.
#[derive(Debug)]
pub(super) struct SheetRow {
    /// As a spreadsheet numbers it (the header is row 1).
    pub(super) row: usize,
    pub(super) cells: Vec<String>,
    /// Byte offset of each cell in the text, for pointing at it.
    offsets: Vec<usize>,
}

/// A wave spreadsheet read into rows, before validation.
#[derive(Debug)]
pub struct Sheet {
    source: SourceFile,
    /// The separator found in the header row.
    pub delimiter: u8,
    pub(super) header: Vec<String>,
    columns: HashMap<Col, usize>,
    /// The site's funding tables whose rows the waves give, which rows may report.
    pub(super) tables: Vec<SheetTable>,
    /// Where each column of those tables is: (position in `tables`, column) → index.
    table_columns: HashMap<(usize, usize), usize>,
    pub(super) rows: Vec<SheetRow>,
    /// Problems that do not stop the import (a file read as windows-1250).
    pub warnings: Diagnostics,
}

/// Where each cell of the record starting at `start` begins, found with the same quoting rules
/// the csv crate follows.
fn cell_offsets(text: &str, start: usize, delimiter: u8, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut offsets = Vec::with_capacity(count);
    let mut i = start;
    while offsets.len() < count {
        offsets.push(i.min(bytes.len()));
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') && bytes[i] != delimiter {
            i += 1;
        }
        if bytes.get(i) == Some(&delimiter) {
            i += 1;
        }
    }
    offsets
}

impl Sheet {
    /// Reads the file's bytes; `shown` is its path for messages, `tables` the site's funding
    /// tables whose rows the waves give ([`SheetTable::of_site`]), whose columns the header
    /// may have. Errors are problems with the file as a whole or its header row.
    pub fn read(shown: &Path, bytes: &[u8], tables: Vec<SheetTable>) -> Result<Sheet, Diagnostics> {
        let (text, warnings) = decode(shown, bytes)?;
        let source = SourceFile::new(shown, text);
        if source.text.trim().is_empty() {
            return Err(Diagnostics(vec![Diagnostic::error(
                shown,
                crate::msg!("import.sheet.empty"),
            )
            .with_hint(crate::msg!("import.sheet.empty_hint"))]));
        }
        let delimiter = detect_separator(source.text.lines().next().unwrap_or_default());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(source.text.as_bytes());
        let mut rows = Vec::new();
        let mut errors = Diagnostics::default();
        // Line breaks inside quoted cells so far: a spreadsheet shows such a record as one row.
        let mut breaks_inside = 0;
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(err) => {
                    errors.push(Diagnostic::error(
                        shown,
                        crate::msg!("import.sheet.not_csv", reason = err),
                    ));
                    break;
                }
            };
            // With CRLF line ends the csv crate's position points at the previous record's
            // "\n", and blank lines before a record are skipped: move to its first cell.
            let mut start = record.position().map_or(0, |p| p.byte() as usize);
            let bytes = source.text.as_bytes();
            while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                start += 1;
            }
            let line = source.text[..start].matches('\n').count() + 1;
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            let offsets = cell_offsets(&source.text, start, delimiter, cells.len());
            let row = line - breaks_inside;
            breaks_inside += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
            rows.push(SheetRow {
                row,
                cells,
                offsets,
            });
        }
        if rows.is_empty() {
            errors.push(
                Diagnostic::error(shown, crate::msg!("import.sheet.no_header"))
                    .with_hint(crate::msg!("import.sheet.empty_hint")),
            );
            return Err(errors);
        }
        let header_row = rows.remove(0);
        let header = header_row
            .cells
            .iter()
            .map(|c| c.trim().to_string())
            .collect();
        let mut sheet = Sheet {
            source,
            delimiter,
            header,
            columns: HashMap::new(),
            tables,
            table_columns: HashMap::new(),
            rows,
            warnings,
        };
        sheet.map_columns(&header_row, &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(sheet)
    }

    /// Finds each known column in the header row; unknown, repeated or missing columns are
    /// errors.
    fn map_columns(&mut self, header_row: &SheetRow, errors: &mut Diagnostics) {
        let mut all_keys = listed(COLUMNS.iter());
        for table in &self.tables {
            all_keys.push_str(", ");
            all_keys.push_str(&table.listed());
        }
        // Close names for "did you mean": each column's key and Czech name, and the tables'
        // columns' headers, as compared.
        let names: Vec<(String, &str)> = COLUMNS
            .iter()
            .flat_map(|c| [(normalized(c.key), c.key), (normalized(c.czech), c.czech)])
            .chain(
                self.tables
                    .iter()
                    .flat_map(|t| t.headers.iter().map(|h| (normalized(h), h.as_str()))),
            )
            .collect();
        for (i, name) in self.header.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let table_column = self
                .tables
                .iter()
                .enumerate()
                .find_map(|(t, table)| table.column_by_header(name).map(|c| (t, c)));
            if let Some(key) = table_column {
                match self.table_columns.get(&key) {
                    Some(&first) => errors.push(self.twice(header_row, i, first)),
                    None => {
                        self.table_columns.insert(key, i);
                    }
                }
                continue;
            }
            let Some(column) = Column::by_header(name) else {
                let wanted = normalized(name);
                let close = suggest(&wanted, names.iter().map(|(n, _)| n.as_str()))
                    .and_then(|n| names.iter().find(|(m, _)| m == n))
                    .map(|(_, shown)| *shown);
                let hint = match close {
                    Some(close) => crate::msg!("hint.did_you_mean", name = close),
                    None => crate::msg!("import.sheet.columns_are", columns = all_keys),
                };
                errors.push(
                    self.at(
                        header_row,
                        Some(i),
                        crate::msg!("import.sheet.unknown_column", name),
                    )
                    .with_hint(hint),
                );
                continue;
            };
            if let Some(&first) = self.columns.get(&column.col) {
                errors.push(self.twice(header_row, i, first));
                continue;
            }
            self.columns.insert(column.col, i);
        }
        for required in [Col::Type, Col::Id] {
            if !self.columns.contains_key(&required) && !errors.has_errors() {
                errors.push(
                    self.at(
                        header_row,
                        None,
                        crate::msg!("import.sheet.no_column", name = required.named()),
                    )
                    .with_hint(crate::msg!(
                        "import.sheet.no_column_hint",
                        columns = all_keys
                    )),
                );
            }
        }
    }

    /// Header cell `i` names the column cell `first` named already.
    fn twice(&self, header_row: &SheetRow, i: usize, first: usize) -> Diagnostic {
        self.at(
            header_row,
            Some(i),
            crate::msg!(
                "import.sheet.column_twice",
                name = self.header[i],
                letter = column_letter(first),
                other = self.header[first]
            ),
        )
        .with_hint(crate::msg!("import.sheet.column_twice_hint"))
    }

    /// The trimmed text of column `column` of table `table` (a position in `tables`) in a
    /// row; empty when the file has no such column.
    pub(super) fn table_cell<'s>(&self, row: &'s SheetRow, table: usize, column: usize) -> &'s str {
        self.table_index(table, column)
            .and_then(|i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    /// Where column `column` of table `table` is in the file, when it has it.
    pub(super) fn table_index(&self, table: usize, column: usize) -> Option<usize> {
        self.table_columns.get(&(table, column)).copied()
    }

    /// Column `column` of table `table` as the file heads it, or as the template does.
    pub(super) fn table_name(&self, table: usize, column: usize) -> &str {
        self.table_index(table, column)
            .and_then(|i| self.header.get(i))
            .map_or(self.tables[table].headers[column].as_str(), String::as_str)
    }

    /// Whether the file has any column of table `table`.
    pub(super) fn has_table(&self, table: usize) -> bool {
        self.table_columns.keys().any(|(t, _)| *t == table)
    }

    /// A diagnostic pointing at a cell (or the row's first cell), with the row and the
    /// column's letter and name in the message.
    pub(super) fn at(
        &self,
        row: &SheetRow,
        index: Option<usize>,
        message: impl AsRef<str>,
    ) -> Diagnostic {
        let offset = index
            .and_then(|i| row.offsets.get(i).copied())
            .or_else(|| row.offsets.first().copied())
            .unwrap_or(0);
        let (location, line) = self.source.locate(offset);
        let place = match index {
            Some(i) => {
                let name = self.header.get(i).map(String::as_str).unwrap_or_default();
                if name.is_empty() {
                    crate::msg!(
                        "import.sheet.at_cell",
                        row = row.row,
                        letter = column_letter(i)
                    )
                } else {
                    crate::msg!(
                        "import.sheet.at_named_cell",
                        row = row.row,
                        letter = column_letter(i),
                        name
                    )
                }
            }
            None => crate::msg!("import.sheet.at_row", row = row.row),
        };
        let mut d = Diagnostic::error(
            self.source.path.clone(),
            format!("{place}: {}", message.as_ref()),
        );
        d.location = Some(Location {
            line: row.row,
            column: location.column,
        });
        d.source_line = Some(line);
        d
    }

    /// The trimmed text of a column in a row; empty when the file has no such column.
    pub(super) fn cell<'s>(&self, row: &'s SheetRow, col: Col) -> &'s str {
        self.columns
            .get(&col)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    /// The column's header as the file writes it ("Stav", "status"); its key when the file has
    /// no such column.
    pub(super) fn name(&self, col: Col) -> &str {
        self.index(col)
            .and_then(|i| self.header.get(i))
            .map_or(col.key(), String::as_str)
    }

    /// Whether the file has the column.
    pub(super) fn has(&self, col: Col) -> bool {
        self.columns.contains_key(&col)
    }

    /// Where the column is in the file, when it has it.
    pub(super) fn index(&self, col: Col) -> Option<usize> {
        self.columns.get(&col).copied()
    }

    /// The number of data rows (the header not counted).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Sheet, Diagnostics> {
        Sheet::read(Path::new("a.csv"), bytes, Vec::new())
    }

    #[test]
    fn the_separator_is_found_in_the_header_row() {
        assert_eq!(detect_separator("type;id;indicator;name"), b';');
        assert_eq!(detect_separator("type,id,indicator,name"), b',');
        assert_eq!(detect_separator("type\tid\tindicator"), b'\t');
        // Separators inside quotes do not count.
        assert_eq!(detect_separator("\"a,b,c\";\"d,e\";f"), b';');
        assert_eq!(detect_separator("type"), b',');
        // Only the first line is looked at.
        assert_eq!(detect_separator("type;id\n1,2,3,4,5"), b';');
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "\u{feff}type;id;status\r\nmeasure;1.1.1.1;\"V realizaci\r\n(2/6)\"\r\n\r\nmeasure;1.1.1.2;Dokončeno\r\nmeasure;1.1.1.3;x";
        let sheet = read(text.as_bytes()).unwrap();
        assert_eq!(sheet.delimiter, b';');
        let rows: Vec<usize> = sheet.rows.iter().map(|r| r.row).collect();
        // The quoted line break stays in row 2; the blank line is row 3.
        assert_eq!(rows, [2, 4, 5]);
        let last = &sheet.rows[2];
        let d = sheet.at(last, sheet.index(Col::Status), "bad");
        assert_eq!(
            d.location,
            Some(Location {
                line: 5,
                column: 17
            })
        );
        assert_eq!(d.source_line.as_deref(), Some("measure;1.1.1.3;x"));
        assert_eq!(d.message, "row 5, column C (`status`): bad");
    }

    #[test]
    fn header_problems_are_reported_with_a_suggestion() {
        let err = read(b"type,id,stauts\n").unwrap_err();
        assert_eq!(err.0.len(), 1, "{err}");
        assert!(
            err.0[0].message.contains("unknown column `stauts`"),
            "{err}"
        );
        assert_eq!(err.0[0].hint.as_deref(), Some("did you mean `status`?"));
        let err = read(b"id,status\n").unwrap_err();
        assert!(err.0[0].message.contains("no `type` column"), "{err}");
        assert!(read(b"  \n").is_err());
    }

    #[test]
    fn czech_headers_are_read_and_named_as_the_sheet_writes_them() {
        let sheet = read("Typ;ID;Stav;typ sluzby;as_of\n".as_bytes()).unwrap();
        assert_eq!(sheet.index(Col::Service), Some(3));
        assert_eq!(sheet.name(Col::Status), "Stav");
        assert_eq!(sheet.name(Col::Note), "note");
        let err = read("Typ;ID;Stav;status\n".as_bytes()).unwrap_err();
        assert_eq!(
            err.0[0].message,
            "row 1, column D (`status`): column `status` appears twice (also column C, `Stav`)"
        );
        assert_eq!(
            err.0[0].hint.as_deref(),
            Some("delete one of the two columns")
        );
        let err = read("Typ;ID;Stva\n".as_bytes()).unwrap_err();
        assert_eq!(
            err.0[0].message,
            "row 1, column C (`Stva`): unknown column `Stva`"
        );
        assert_eq!(err.0[0].hint.as_deref(), Some("did you mean `Stav`?"));
    }
}
