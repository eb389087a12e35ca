//! The fitted model: a weight for every feature and a bias, so that a camp's score is
//! `σ(bias + Σ weight × value)` and it flags at 0.5.
//!
//! The weights are data (`lexicons/model.toml`), written by `netral fit` from the labelled sets;
//! the bias is shifted by the fitted threshold, so that 0.5 is where a camp flags.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;

use super::feature::{Feature, Features};

/// The bundled model.
pub(crate) const BUNDLED: &str = include_str!("../../lexicons/model.toml");

/// A weight for every feature, and the bias.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Model {
    pub bias: f32,
    pub weights: [f32; Feature::COUNT],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    model: RawModel,
    weights: BTreeMap<String, Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    bias: f64,
}

impl Model {
    /// Parses a model file; every feature must have a weight, and no other name may.
    pub fn parse(name: &str, source: &str) -> Result<Model, Error> {
        let line = |at: usize| source[..at.min(source.len())].matches('\n').count() + 1;
        let raw: Raw = toml::from_str(source).map_err(|e| {
            let at = e
                .span()
                .map_or(String::new(), |s| format!(" line {}", line(s.start)));
            Error::lexicon(format!("{name}{at}: {}", e.message().trim_end_matches('.')))
        })?;
        let mut weights = [f32::NAN; Feature::COUNT];
        for (key, w) in &raw.weights {
            let Some(f) = Feature::from_name(key) else {
                return Err(Error::lexicon(format!(
                    "{name} line {}: unknown feature `{key}`",
                    line(w.span().start)
                )));
            };
            weights[f as usize] = *w.get_ref() as f32;
        }
        if let Some(f) = Feature::ALL.iter().find(|f| weights[**f as usize].is_nan()) {
            return Err(Error::lexicon(format!(
                "{name}: no weight for feature `{}`; fit the model again",
                f.name()
            )));
        }
        Ok(Model {
            bias: raw.model.bias as f32,
            weights,
        })
    }

    /// The weight of `f`.
    pub fn weight(&self, f: Feature) -> f32 {
        self.weights[f as usize]
    }

    /// `bias + Σ weight × value`.
    pub fn logit(&self, x: &Features) -> f32 {
        self.bias
            + x.0
                .iter()
                .zip(&self.weights)
                .map(|(v, w)| v * w)
                .sum::<f32>()
    }

    /// The model as the text of a model file, with `header` (comment lines) on top.
    pub fn to_toml(&self, header: &str) -> String {
        let mut s = String::from(header);
        s.push_str(&format!(
            "\n[model]\nbias = {:.4}\n\n[weights]\n",
            self.bias
        ));
        for f in Feature::ALL {
            s.push_str(&format!("{} = {:.4}\n", f.name(), self.weight(f)));
        }
        s
    }
}

/// `1 / (1 + e^-x)`.
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}
