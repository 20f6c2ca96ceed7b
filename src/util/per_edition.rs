//! One value per edition of the standard (2018 and 2011), so that code that does the same
//! thing for both editions is written once instead of as `…2018`/`…2011` twins.

use crate::catalog::Edition;

/// A value for each edition. Serialised names (`clauses2018`, `evidence2011` …) are kept by the
/// types at the boundary; this is the shape the engine works with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PerEdition<T> {
    pub e2018: T,
    pub e2011: T,
}

impl<T> PerEdition<T> {
    pub fn new(e2018: T, e2011: T) -> PerEdition<T> {
        PerEdition { e2018, e2011 }
    }

    /// The same computation for each edition.
    pub fn from_fn(mut make: impl FnMut(Edition) -> T) -> PerEdition<T> {
        PerEdition {
            e2018: make(Edition::E2018),
            e2011: make(Edition::E2011),
        }
    }

    pub fn get(&self, edition: Edition) -> &T {
        match edition {
            Edition::E2018 => &self.e2018,
            Edition::E2011 => &self.e2011,
        }
    }

    pub fn get_mut(&mut self, edition: Edition) -> &mut T {
        match edition {
            Edition::E2018 => &mut self.e2018,
            Edition::E2011 => &mut self.e2011,
        }
    }

    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerEdition<U> {
        PerEdition {
            e2018: f(self.e2018),
            e2011: f(self.e2011),
        }
    }

    pub fn as_ref(&self) -> PerEdition<&T> {
        PerEdition {
            e2018: &self.e2018,
            e2011: &self.e2011,
        }
    }

    /// Both values, 2018 first.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        [&self.e2018, &self.e2011].into_iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        [&mut self.e2018, &mut self.e2011].into_iter()
    }
}

impl<T> IntoIterator for PerEdition<T> {
    type Item = T;
    type IntoIter = std::array::IntoIter<T, 2>;

    fn into_iter(self) -> Self::IntoIter {
        [self.e2018, self.e2011].into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_edition_reads_its_own_value() {
        let mut per = PerEdition::from_fn(|e| match e {
            Edition::E2018 => 18,
            Edition::E2011 => 11,
        });
        assert_eq!(*per.get(Edition::E2018), 18);
        assert_eq!(*per.get(Edition::E2011), 11);
        *per.get_mut(Edition::E2011) += 1;
        assert_eq!(per.clone().map(|n| n * 2), PerEdition::new(36, 24));
        assert_eq!(per.iter().copied().collect::<Vec<_>>(), vec![18, 12]);
        for n in per.iter_mut() {
            *n += 1;
        }
        assert_eq!(per.as_ref().map(|n| *n + 1), PerEdition::new(20, 14));
        assert_eq!(per.into_iter().collect::<Vec<_>>(), vec![19, 13]);
    }
}
