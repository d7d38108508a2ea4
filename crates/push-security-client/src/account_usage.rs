//! Reading the "used by" answer whatever its shape.
//!
//! Push documents `GET /v1/accounts/{id}/usedBy` as answering one bare usage object, although the
//! call takes paging parameters; the list envelope is as likely (UNVERIFIED). The generated
//! [`AccountUsageList`] reads both; [`AccountUsageList::usages`] gives one list either way.

use crate::generated::models::{AccountUsage, AccountUsageList};

impl AccountUsageList {
    /// The usages of this answer: the envelope's `result`, or the single bare object.
    ///
    /// ```
    /// use push_security_client::models::AccountUsageList;
    ///
    /// let bare: AccountUsageList = serde_json::from_str(r#"{"employeeId":"e-1","lastUsedTimestamp":1698669223}"#)?;
    /// assert_eq!(bare.usages().len(), 1);
    /// let envelope: AccountUsageList = serde_json::from_str(r#"{"result":[{"employeeId":"e-1"},{"employeeId":"e-2"}]}"#)?;
    /// assert_eq!(envelope.usages().len(), 2);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn usages(&self) -> Vec<AccountUsage> {
        if !self.result.is_empty() {
            return self.result.clone();
        }
        let bare = AccountUsage {
            employee_id: self.employee_id.clone(),
            last_used_timestamp: self.last_used_timestamp,
            password_manually_typed: self.password_manually_typed,
        };
        if bare == AccountUsage::default() {
            Vec::new()
        } else {
            vec![bare]
        }
    }
}
