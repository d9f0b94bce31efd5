//! `milnik serve`: preview the site with live reload until Ctrl-C.

use crate::serve::{self, Event, ServeOptions};

/// Serves the site; Ctrl-C stops it cleanly.
pub fn run(options: ServeOptions) -> anyhow::Result<()> {
    serve::run(options, |_url, events| {
        let result = ctrlc::set_handler(move || {
            let _ = events.send(Event::Stop);
        });
        if let Err(err) = result {
            eprintln!("{}", crate::msg!("serve.no_ctrl_c", reason = err));
        }
    })
}
