// The NOTIFY channels of the PostgreSQL coordination and the limit on what one notification may carry.

/** Change notices (payload: the CoordinationTopic). */
export const NOTICES_CHANNEL = 'shoumi_notices';
/** Stream deliveries (payload: delivery-message.ts). */
export const DELIVERIES_CHANNEL = 'shoumi_deliveries';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7999;
