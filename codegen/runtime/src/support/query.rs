//! The OData query options an operation's docs say it supports.

/// A set of OData query options (`$select`, `$filter`, ...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct QueryOptions(u8);

impl QueryOptions {
    pub const NONE: Self = Self(0);
    pub const SELECT: Self = Self(1);
    pub const FILTER: Self = Self(1 << 1);
    pub const EXPAND: Self = Self(1 << 2);
    pub const ORDER_BY: Self = Self(1 << 3);
    pub const TOP: Self = Self(1 << 4);
    pub const SKIP: Self = Self(1 << 5);
    pub const COUNT: Self = Self(1 << 6);
    pub const SEARCH: Self = Self(1 << 7);

    /// Whether every option of `other` is in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for QueryOptions {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}
