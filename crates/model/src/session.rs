//! A learner's session: the world, the command log, undo/redo by replay, and the versioned save format.

use crate::apply::apply;
use crate::command::Command;
use crate::decide::decide;
use crate::error::CommandError;
use crate::event::Event;
use crate::legacy::Upgrade;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The save format this crate writes. Readers accept this and every older version: version 1 was
/// written before App Service plans, the learner as a principal and Key Vault's data plane, and is
/// replayed with [`crate::legacy::upgrade`].
pub const SESSION_FORMAT_VERSION: u64 = 2;

/// One accepted command and the events it caused (for the activity log).
#[derive(Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// What the learner asked.
    pub command: Command,
    /// What happened, in order.
    pub events: Vec<Event>,
}

impl Clone for LogEntry {
    // The command through `Command::duplicate`, so no crate inlines a copy of its clone.
    fn clone(&self) -> LogEntry {
        LogEntry {
            command: self.command.duplicate(),
            events: Event::duplicate_all(&self.events),
        }
    }
}

/// The world plus its history. Only accepted commands enter the log; undo moves a cursor back and
/// rebuilds the world by replaying the events before it, so it is exact by construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    seed: u64,
    world: World,
    entries: Vec<LogEntry>,
    /// How many entries are in effect; entries after it can be redone.
    cursor: usize,
}

/// Why a saved session could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// Not JSON, or not the shape of a saved session.
    Malformed(String),
    /// Written by a newer playground.
    UnsupportedVersion(u64),
    /// A saved command was refused on replay (the file was edited, or comes from another model).
    Rejected { index: usize, error: CommandError },
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Malformed(why) => write!(f, "This saved session can't be read: {why}"),
            SessionError::UnsupportedVersion(version) => write!(
                f,
                "This saved session has format version {version}, but this playground reads versions up to {SESSION_FORMAT_VERSION}. Update the playground to open it."
            ),
            SessionError::Rejected { index, error } => {
                write!(f, "Command {} of the saved session was refused when replayed: {error}", index + 1)
            }
        }
    }
}

impl std::error::Error for SessionError {}

/// The saved form: `{"version": 1, "seed": …, "commands": […], "cursor": …}`.
#[derive(Serialize, Deserialize)]
struct SavedSession {
    version: u64,
    seed: u64,
    commands: Vec<Command>,
    /// Absent means "all commands in effect" (and in files written before undo was saved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cursor: Option<usize>,
}

impl Session {
    /// A fresh session over `World::new(seed)`.
    pub fn new(seed: u64) -> Session {
        Session {
            seed,
            world: World::new(seed),
            entries: Vec::new(),
            cursor: 0,
        }
    }

    /// The world as it is now.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Runs a command: on success its events are applied and it enters the log (dropping anything
    /// that could have been redone); on refusal nothing changes.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>, CommandError> {
        let events = decide(&self.world, &command)?;
        self.record(command, events);
        Ok(Event::duplicate_all(&self.entries[self.cursor - 1].events))
    }

    /// Applies a decided command's events and enters it in the log.
    fn record(&mut self, command: Command, events: Vec<Event>) {
        for event in &events {
            apply(&mut self.world, event);
        }
        self.entries.truncate(self.cursor);
        self.entries.push(LogEntry { command, events });
        self.cursor = self.entries.len();
    }

    /// The commands in effect, oldest first, resets included: what a save keeps and a reload
    /// replays.
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.log().iter().map(|entry| &entry.command)
    }

    /// The entries in effect (command + events), oldest first, resets included.
    pub fn log(&self) -> &[LogEntry] {
        &self.entries[..self.cursor]
    }

    /// The entries in effect since the last reset: the activity log of the world as it is.
    pub fn history(&self) -> &[LogEntry] {
        let log = self.log();
        let start = log
            .iter()
            .rposition(|entry| entry.command == Command::Reset)
            .map_or(0, |reset| reset + 1);
        &log[start..]
    }

    /// The undone entries, next to redo first: what redo would bring back.
    pub fn undone(&self) -> &[LogEntry] {
        &self.entries[self.cursor..]
    }

    /// Every event of the history, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.history().iter().flat_map(|entry| entry.events.iter())
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.cursor < self.entries.len()
    }

    /// Undoes the last command in effect. Returns false when there is none.
    pub fn undo(&mut self) -> bool {
        if !self.can_undo() {
            return false;
        }
        self.cursor -= 1;
        self.rebuild();
        true
    }

    /// Redoes the next undone command. Returns false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.entries.get(self.cursor) {
            Some(entry) => {
                // The world is exactly the one the entry was decided on, so its events still hold.
                for event in &entry.events {
                    apply(&mut self.world, event);
                }
                self.cursor += 1;
                true
            }
            None => false,
        }
    }

    fn rebuild(&mut self) {
        let mut world = World::new(self.seed);
        for entry in &self.entries[..self.cursor] {
            for event in &entry.events {
                apply(&mut world, event);
            }
        }
        self.world = world;
    }

    /// Replays commands on a fresh world of `seed`, stopping at the first refusal.
    pub fn replay(
        seed: u64,
        commands: impl IntoIterator<Item = Command>,
    ) -> Result<Session, SessionError> {
        let mut session = Session::new(seed);
        for (index, command) in commands.into_iter().enumerate() {
            session
                .execute(command)
                .map_err(|error| SessionError::Rejected { index, error })?;
        }
        Ok(session)
    }

    /// Replays every command, then undoes all but the first `in_effect`: the session as it was,
    /// redo included. `in_effect` past the end means all of them.
    pub fn replay_with_redo(
        seed: u64,
        commands: Vec<Command>,
        in_effect: usize,
    ) -> Result<Session, SessionError> {
        match Session::replay_until_refused(seed, commands, in_effect, false) {
            (session, None) => Ok(session),
            (_, Some(refusal)) => Err(refusal),
        }
    }

    /// Replays a session saved by an older build (docs/azure-rules.md M14): a command now refused
    /// for a reason [`crate::legacy::upgrade`] knows gets the step real Azure needs put before it
    /// (or is rewritten as the CLI now needs it), and the session keeps those steps. `in_effect`
    /// counts the saved commands, as [`Session::replay_with_redo`]'s does.
    pub fn replay_upgrading(
        seed: u64,
        commands: Vec<Command>,
        in_effect: usize,
    ) -> Result<Session, SessionError> {
        match Session::replay_until_refused(seed, commands, in_effect, true) {
            (session, None) => Ok(session),
            (_, Some(refusal)) => Err(refusal),
        }
    }

    /// Replays commands on a fresh world of `seed` as far as the model accepts them: the first
    /// refusal stops the replay and comes back beside the session of the commands before it, so a
    /// save with one bad line keeps every line before it. The first `in_effect` commands stay in
    /// effect; the rest can be redone. `upgrading` replays an older build's save
    /// ([`Session::replay_upgrading`]).
    // Not generic: instantiated here once, not in each caller's crate with its own copy of
    // `Command::clone` (a few KB of the browser's download).
    pub fn replay_until_refused(
        seed: u64,
        commands: Vec<Command>,
        in_effect: usize,
        upgrading: bool,
    ) -> (Session, Option<SessionError>) {
        let mut session = Session::new(seed);
        let mut cursor = in_effect;
        let mut refusal = None;
        for (index, command) in commands.into_iter().enumerate() {
            // Decided before it is run, so a refused command is still at hand to upgrade.
            let error = match decide(&session.world, &command) {
                Ok(events) => {
                    session.record(command, events);
                    continue;
                }
                Err(error) => error,
            };
            let upgrade = match upgrading {
                true => crate::legacy::upgrade(session.world(), &command, &error),
                false => None,
            };
            let upgraded = match upgrade {
                Some(Upgrade::Before(step)) => session
                    .execute(step)
                    .and_then(|_| session.execute(command))
                    .map(|_| {
                        if index < in_effect {
                            cursor += 1;
                        }
                    }),
                Some(Upgrade::Instead(replacement)) => session.execute(replacement).map(|_| ()),
                None => Err(error),
            };
            if let Err(error) = upgraded {
                refusal = Some(SessionError::Rejected { index, error });
                break;
            }
        }
        if cursor < session.entries.len() {
            session.cursor = cursor;
            session.rebuild();
        }
        (session, refusal)
    }

    /// The save format, including undone commands so redo survives a reload.
    pub fn to_json(&self) -> String {
        let saved = SavedSession {
            version: SESSION_FORMAT_VERSION,
            seed: self.seed,
            commands: self
                .entries
                .iter()
                .map(|entry| entry.command.clone())
                .collect(),
            cursor: (self.cursor != self.entries.len()).then_some(self.cursor),
        };
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// Reads a saved session of this or any older version. Never panics, whatever the text.
    pub fn from_json(text: &str) -> Result<Session, SessionError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| SessionError::Malformed(format!("it is not JSON ({e}).")))?;
        let version = value
            .get("version")
            .ok_or_else(|| SessionError::Malformed("it has no \"version\".".into()))?
            .as_u64()
            .ok_or_else(|| SessionError::Malformed("\"version\" is not a whole number.".into()))?;
        if version == 0 {
            return Err(SessionError::Malformed("version 0 does not exist.".into()));
        }
        if version > SESSION_FORMAT_VERSION {
            return Err(SessionError::UnsupportedVersion(version));
        }
        let saved: SavedSession =
            serde_json::from_value(value).map_err(|e| SessionError::Malformed(format!("{e}.")))?;
        let total = saved.commands.len();
        let cursor = saved.cursor.unwrap_or(total);
        if cursor > total {
            return Err(SessionError::Malformed(format!(
                "its cursor {cursor} is past its {total} commands."
            )));
        }
        // Version 1 was written before plans, the learner as a principal and Key Vault's data
        // plane: its commands replay with the steps they now need.
        if version == 1 {
            return Session::replay_upgrading(saved.seed, saved.commands, cursor);
        }
        Session::replay_with_redo(saved.seed, saved.commands, cursor)
    }
}
