// Placeholder until the trust store lands (enrolment tokens, certificates): every call rejects.
import type { TrustStore } from '../store';

const notYet = () => Promise.reject(new Error('the trust store is not built yet'));

export const trustStoreNotBuilt: TrustStore = {
  createEnrolmentTokens: notYet,
  findEnrolmentToken: notYet,
  enrolDevice: notYet,
  recordCertificate: notYet,
  certificateStanding: notYet,
  revokeDevice: notYet,
  listCertificates: notYet,
};
