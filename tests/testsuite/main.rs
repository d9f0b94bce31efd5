//! One integration-test binary (fast to link) with a module per area of behaviour.

mod support;

mod action_plans;
mod articles;
mod atomic;
mod bad_input;
mod browser;
mod charts;
mod cli;
mod currency;
mod czech_messages;
mod docs;
mod fixture_site;
mod funding_tables;
mod huge;
mod i18n;
mod import;
mod import_action_plans;
mod import_tables;
mod init;
mod levels;
mod links;
mod open_data;
mod optional_pages;
mod ostrava;
mod photos;
mod publish;
mod report;
mod search;
mod serve;
mod theme;
mod three_waves;
mod web;
