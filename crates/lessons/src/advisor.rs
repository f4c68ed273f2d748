//! The account-type advisor: questions whose answers lead to a recommendation (a user account, a service principal, a system- or user-assigned managed identity), each with its reason.

use crate::read::{At, Problem, Read};
use crate::text::Text;

/// The kinds of account the advisor can recommend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Account {
    /// A Microsoft Entra user account: for people, not recommended as a service account.
    UserAccount,
    /// An app registration with its service principal.
    ServicePrincipal,
    /// A system-assigned managed identity.
    SystemAssigned,
    /// A user-assigned managed identity.
    UserAssigned,
}

const ACCOUNTS: [(&str, Account); 4] = [
    ("user_account", Account::UserAccount),
    ("service_principal", Account::ServicePrincipal),
    ("system_assigned", Account::SystemAssigned),
    ("user_assigned", Account::UserAssigned),
];

impl Account {
    /// The lesson file's word for it.
    pub fn key(self) -> &'static str {
        ACCOUNTS
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(key, _)| key)
    }

    pub(crate) fn read(at: &At<'_>, value: &model::Value) -> Read<Account> {
        let key = at.string(value)?;
        match ACCOUNTS.iter().find(|(k, _)| *k == key) {
            Some((_, account)) => Ok(*account),
            None => {
                let known: Vec<&str> = ACCOUNTS.iter().map(|(k, _)| *k).collect();
                at.invalid(format!(
                    "unknown account '{key}': one of {}",
                    known.join(", ")
                ))
            }
        }
    }
}

/// The most questions an advisor may have (it is walked recursively, and a learner reads it).
const MAX_QUESTIONS: usize = 64;

/// Where an answer leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// The question at this index of [`Advisor::questions`].
    Ask(usize),
    Recommend(Account),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub text: Text,
    pub then: Then,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub text: Text,
    pub answers: Vec<Answer>,
}

/// A recommendation and its reason, in the sources' words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recommendation {
    pub account: Account,
    pub title: Text,
    pub reason: Text,
}

/// The decision tree. The first question is where it starts; every path ends in a recommendation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advisor {
    pub questions: Vec<Question>,
    pub recommendations: Vec<Recommendation>,
}

/// Where the learner is in the advisor: the question to answer, or the recommendation reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reached<'a> {
    Question(&'a Question),
    Recommendation(&'a Recommendation),
}

impl Advisor {
    /// Follows answers (indexes into each question's answers) from the first question; `None` if
    /// the path leaves the tree.
    pub fn follow(&self, path: &[usize]) -> Option<Reached<'_>> {
        let mut question = self.questions.first()?;
        for (step, &answer) in path.iter().enumerate() {
            match question.answers.get(answer)?.then {
                Then::Ask(index) => question = self.questions.get(index)?,
                Then::Recommend(account) => {
                    return (step + 1 == path.len())
                        .then(|| self.recommendation(account))
                        .flatten()
                        .map(Reached::Recommendation)
                }
            }
        }
        Some(Reached::Question(question))
    }

    pub fn recommendation(&self, account: Account) -> Option<&Recommendation> {
        self.recommendations.iter().find(|r| r.account == account)
    }

    /// Every recommendation a path from the first question can reach.
    pub fn reachable(&self) -> Vec<Account> {
        let mut seen = vec![false; self.questions.len()];
        let mut out = Vec::new();
        let mut stack = vec![0];
        while let Some(index) = stack.pop() {
            if index >= seen.len() || seen[index] {
                continue;
            }
            seen[index] = true;
            for answer in &self.questions[index].answers {
                match answer.then {
                    Then::Ask(next) => stack.push(next),
                    Then::Recommend(account) if !out.contains(&account) => out.push(account),
                    Then::Recommend(_) => {}
                }
            }
        }
        out
    }

    pub(crate) fn read(at: &At<'_>, value: &model::Value) -> Read<Advisor> {
        let fields = at.object(value, &["questions", "recommendations"])?;
        let recommendations_at = at.field("recommendations");
        let recommendations = recommendations_at.list(
            fields.need(
                at,
                "recommendations",
                "what each account is recommended for, and why",
            )?,
            true,
            |at, value| {
                let fields = at.object(value, &["account", "title", "reason"])?;
                Ok(Recommendation {
                    account: Account::read(
                        &at.field("account"),
                        fields.need(at, "account", "the kind of account")?,
                    )?,
                    title: at.field("title").text(fields.need(
                        at,
                        "title",
                        "the recommendation in a few words",
                    )?)?,
                    reason: at.field("reason").text(fields.need(
                        at,
                        "reason",
                        "why, in the sources' words",
                    )?)?,
                })
            },
        )?;
        for (index, recommendation) in recommendations.iter().enumerate() {
            if recommendations[..index]
                .iter()
                .any(|r| r.account == recommendation.account)
            {
                return recommendations_at
                    .index(index)
                    .field("account")
                    .invalid("this account is recommended twice: one recommendation per account");
            }
        }
        let questions_at = at.field("questions");
        let questions_value =
            fields.need(at, "questions", "the questions, the first one asked first")?;
        if questions_value
            .as_array()
            .is_some_and(|list| list.len() > MAX_QUESTIONS)
        {
            return questions_at.invalid(format!(
                "more than {MAX_QUESTIONS} questions: an advisor is a short conversation"
            ));
        }
        // Ids first, so an answer may lead to a question further down.
        let ids = questions_at.list(questions_value, true, |at, value| {
            let fields = at.object(value, &["id", "text", "answers"])?;
            at.field("id")
                .string(fields.need(at, "id", "the name answers lead to it by")?)
        })?;
        let questions = questions_at.list(questions_value, true, |at, value| {
            let fields = at.object(value, &["id", "text", "answers"])?;
            let id = at.field("id").string(fields.need(at, "id", "the name answers lead to it by")?)?;
            let text = at.field("text").text(fields.need(at, "text", "the question")?)?;
            let answers = at.field("answers").list(fields.need(at, "answers", "the answers the learner picks from")?, true, |at, value| {
                let fields = at.object(value, &["text", "next", "recommend"])?;
                let text = at.field("text").text(fields.need(at, "text", "the answer")?)?;
                let then = match (fields.get("next"), fields.get("recommend")) {
                    (Some(next), None) => {
                        let at = at.field("next");
                        let next = at.string(next)?;
                        match ids.iter().position(|id| *id == next) {
                            Some(index) => Then::Ask(index),
                            None => return at.invalid(format!("no question has the id '{next}'")),
                        }
                    }
                    (None, Some(account)) => {
                        let at = at.field("recommend");
                        let account = Account::read(&at, account)?;
                        if !recommendations.iter().any(|r| r.account == account) {
                            return at.invalid(format!("'{}' has no entry in 'recommendations'", account.key()));
                        }
                        Then::Recommend(account)
                    }
                    _ => return at.fail(Problem::Missing {
                        why: "where the answer leads: 'next' (a question's id) or 'recommend' (an account), one of them",
                    }),
                };
                Ok(Answer { text, then })
            })?;
            Ok(Question { id, text, answers })
        })?;
        for (index, id) in ids.iter().enumerate() {
            if ids[..index].contains(id) {
                return questions_at
                    .index(index)
                    .field("id")
                    .invalid(format!("the id '{id}' is used twice"));
            }
        }
        let advisor = Advisor {
            questions,
            recommendations,
        };
        // Every path must end: no answer may lead back to a question already on its way.
        if let Some(index) = advisor.cycle() {
            return questions_at
                .index(index)
                .invalid("its answers lead back to it: every path of the advisor must end in a recommendation");
        }
        Ok(advisor)
    }

    /// A question some path returns to, if any.
    fn cycle(&self) -> Option<usize> {
        // 0 unvisited, 1 on the current path, 2 done.
        fn visit(advisor: &Advisor, index: usize, state: &mut [u8]) -> Option<usize> {
            match state.get(index) {
                Some(1) => return Some(index),
                Some(0) => {}
                _ => return None,
            }
            state[index] = 1;
            for answer in &advisor.questions[index].answers {
                if let Then::Ask(next) = answer.then {
                    if let Some(found) = visit(advisor, next, state) {
                        return Some(found);
                    }
                }
            }
            state[index] = 2;
            None
        }
        let mut state = vec![0u8; self.questions.len()];
        (0..self.questions.len()).find_map(|index| visit(self, index, &mut state))
    }
}

/// A step's scenario for the advisor, and the account its goals then build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub scenario: Text,
    pub expect: Account,
}
