// The require() side of the types (index.d.cts), checked by the same nodenext compile.
import messagingPackage = require('@org/messaging');

export const factory: typeof messagingPackage.createMessaging = messagingPackage.createMessaging;
export type Code = messagingPackage.ErrorCode;
