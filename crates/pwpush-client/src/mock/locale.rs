//! The language of the mock's messages, chosen as the server chooses it
//! (`app/controllers/concerns/set_locale.rb`: a valid `?locale=`, else the start of
//! `Accept-Language`, else English; the signed-in user's preferred language is not modelled). The
//! texts are the server's own, from `config/locales/gettext/<locale>/app.po`. The server knows more
//! than 30 locales; the mock speaks five and answers English for the rest.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Locale {
    #[default]
    En,
    De,
    Fr,
    Ja,
    Es,
}

/// A message the server translates.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Message {
    NotYours,
    NotDeletable,
    TooManyPassphraseAttempts,
    TooManyNotifications,
    MfaRequired,
    PayloadRequired,
    RecipientsQueued,
}

impl Locale {
    fn parse(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Locale::En),
            "de" => Some(Locale::De),
            "fr" => Some(Locale::Fr),
            "ja" => Some(Locale::Ja),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    /// `?locale=` when it names a known locale, else the leading `xx` or `xx-YY` of
    /// `Accept-Language` (whole, then its language), else English.
    pub(crate) fn choose(query_locale: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(locale) = query_locale.and_then(Locale::parse) {
            return locale;
        }
        accept_language
            .and_then(leading_language)
            .and_then(Locale::parse)
            .unwrap_or_default()
    }

    pub(crate) fn text(self, message: Message) -> &'static str {
        use Locale::{De, En, Es, Fr, Ja};
        use Message::*;
        match (message, self) {
            (NotYours, En) => "That push doesn't belong to you.",
            (NotYours, De) => "Dieser Push gehört nicht Ihnen.",
            (NotYours, Fr) => "Cette publication ne vous appartient pas.",
            (NotYours, Ja) => "そのプッシュはあなたのものではありません。",
            (NotYours, Es) => "Ese enlace no te pertenece.",
            (NotDeletable, En) => "That push is not deletable by viewers.",
            (NotDeletable, De) => "Dieser Push kann von Betrachtern nicht gelöscht werden.",
            (NotDeletable, Fr) => "Cette publication ne peut pas être supprimée par l'utilisateur",
            (NotDeletable, Ja) => "そのプッシュは、閲覧者が削除することはできません。",
            (NotDeletable, Es) => "Los espectadores no pueden borrar ese enlace.",
            (TooManyPassphraseAttempts, En) => {
                "Too many passphrase attempts. Please try again in a minute."
            }
            (TooManyPassphraseAttempts, De) => {
                "Zu viele Versuche, das Passwort einzugeben. Bitte versuchen Sie es in einer Minute erneut."
            }
            (TooManyPassphraseAttempts, Fr) => {
                "Trop de tentatives de saisie du mot de passe. Veuillez réessayer dans une minute."
            }
            (TooManyPassphraseAttempts, Ja) => {
                "パスフレーズの入力回数が多すぎます。1分ほどお待ちください。"
            }
            (TooManyPassphraseAttempts, Es) => {
                "Se han intentado demasiadas veces introducir la contraseña. Inténtalo de nuevo en un minuto."
            }
            (TooManyNotifications, En) => {
                "Too many email notification requests. Please try again in a minute."
            }
            (TooManyNotifications, De) => {
                "Es liegen zu viele E-Mail-Benachrichtigungsanfragen vor. Bitte versuchen Sie es in einer Minute erneut."
            }
            (TooManyNotifications, Fr) => {
                "Trop de demandes de notification par courriel. Veuillez réessayer dans une minute."
            }
            (TooManyNotifications, Ja) => {
                "メール通知リクエストが多すぎます。しばらくしてからもう一度お試しください。"
            }
            (TooManyNotifications, Es) => {
                "Se han recibido demasiadas solicitudes de notificación por correo electrónico. Inténtelo de nuevo en un minuto."
            }
            (MfaRequired, En) => {
                "Two-factor authentication is required. Please set it up to continue."
            }
            (MfaRequired, De) => {
                "Die Zwei-Faktor-Authentifizierung ist erforderlich. Bitte richten Sie diese ein, um fortzufahren."
            }
            (MfaRequired, Fr) => {
                "L'authentification à deux facteurs est requise. Veuillez la configurer pour continuer."
            }
            (MfaRequired, Ja) => "二段階認証が必要です。設定を完了してから続行してください。",
            (MfaRequired, Es) => {
                "Se requiere autenticación de dos factores. Configúrela para continuar."
            }
            (PayloadRequired, En) => "Payload is required.",
            (PayloadRequired, De) => "Nutzlast ist erforderlich.",
            (PayloadRequired, Fr) => "Une charge utile est requise.",
            (PayloadRequired, Ja) => "ペイロードが必要です。",
            (PayloadRequired, Es) => "Se requiere carga útil.",
            (RecipientsQueued, En) => "Recipient(s) are added to the queue to be sent.",
            (RecipientsQueued, De) => {
                "Empfänger werden der Warteschlange zum Versenden hinzugefügt."
            }
            (RecipientsQueued, Fr) => {
                "Le ou les destinataires sont ajoutés à la file d'attente pour l'envoi."
            }
            (RecipientsQueued, Ja) => "受信者が送信待ちリストに追加されます。",
            (RecipientsQueued, Es) => "El/los destinatario(s) se añaden a la cola para su envío.",
        }
    }
}

/// The server's `/^[a-z]{2}(?:-[a-zA-Z]{2})?/` at the start of the header, tried whole and then
/// as its language alone; the mock knows no region-specific locale, so the language decides.
fn leading_language(header: &str) -> Option<&str> {
    let bytes = header.as_bytes();
    (bytes.len() >= 2 && bytes[..2].iter().all(u8::is_ascii_lowercase)).then(|| &header[..2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_locale_wins_then_the_header_then_english() {
        assert_eq!(
            Locale::choose(Some("ja"), Some("de-DE,de;q=0.9")),
            Locale::Ja
        );
        assert_eq!(
            Locale::choose(Some("xx"), Some("de-DE,de;q=0.9")),
            Locale::De
        );
        assert_eq!(Locale::choose(None, Some("fr")), Locale::Fr);
        assert_eq!(Locale::choose(None, Some("*")), Locale::En);
        assert_eq!(Locale::choose(None, Some("DE")), Locale::En);
        assert_eq!(Locale::choose(None, None), Locale::En);
    }
}
