import type { Catalogue } from '../en/index.js';

/** French: moderation. */
export const moderation: Catalogue['moderation'] = {
  adminTitle: 'Messagerie privée',
  adminLinksLabel: 'Modération',
  backToSettings: 'Paramètres de messagerie',

  limitsTitle: 'Limites d’envoi',
  limitsSaved: 'Enregistré.',
  limitsBlankHint: 'Laissez un champ vide pour utiliser sa valeur par défaut.',
  limitMessagesPerMinute: 'Messages par minute, par membre',
  limitNewThreadsPerDay: 'Nouvelles conversations par jour, par membre',
  limitMaxGroupParticipants: 'Nombre maximal d’autres membres dans une conversation de groupe',
  limitDefault: 'Par défaut\u00a0: {value}',
  limitsSave: 'Enregistrer les limites',
  limitRangeError: 'Indiquez un nombre entier de {min} à {max}.',

  reportsTitle: 'Messages signalés',
  doneDismiss: 'Signalement classé.',
  doneRemove: 'Message retiré. La conversation affiche désormais «\u00a0Message retiré par la modération\u00a0».',
  doneSuspend: 'Cette personne ne peut plus envoyer de messages.',
  doneUnsuspend: 'Cette personne peut de nouveau envoyer des messages.',
  noReports: 'Aucun signalement en attente.',
  moreReports: 'Plus de signalements',
  reportHeading: '{reason}\u00a0: {sender}, signalement de {reporter}',
  reportNote: 'Remarque de {name}\u00a0: {note}',
  contextLabel: 'Le message signalé et les messages qui l’entourent',
  reportedMarker: 'signalé',
  deletedUser: 'Compte supprimé',
  asReportedDeleted: '(tel que signalé\u00a0; supprimé depuis par la personne qui l’a envoyé)',
  asReportedEdited: '(tel que signalé\u00a0; modifié depuis par la personne qui l’a envoyé)',
  removedByModerator: 'Message retiré par la modération',
  deletedBySender: 'Message supprimé',
  decisionLabel: 'Décision',
  dismiss: 'Classer le signalement',
  removeLink: 'Retirer le message…',
  suspendLink: 'Empêcher {name} d’envoyer des messages…',
  suspendedHeading: 'Membres privés de messagerie',
  suspendedNobody: 'Personne.',
  suspendedSince: '{name} (depuis le {time})',
  unsuspendButton: 'Autoriser de nouveau {name} à envoyer des messages',

  confirmRemoveTitle: 'Retirer ce message\u00a0?',
  confirmRemoveText:
    'Tous les participants de la conversation verront «\u00a0Message retiré par la modération\u00a0» à sa place, et son texte sera supprimé. Cette action est irréversible. Tous les signalements en attente de ce message seront clos.',
  confirmRemoveButton: 'Retirer le message',
  confirmSuspendTitle: 'Empêcher {name} d’envoyer des messages\u00a0?',
  confirmSuspendDocTitle: 'Empêcher ce membre d’envoyer des messages\u00a0?',
  confirmSuspendText:
    '{name} ne pourra plus commencer de conversation ni envoyer de messages jusqu’à ce que l’administration l’y autorise de nouveau. Ses signalements en attente seront clos. Ses messages précédents restent.',
  confirmSuspendButton: 'Empêcher {name} d’envoyer des messages',
  cancel: 'Annuler',
};
