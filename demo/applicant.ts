/** Script for the applicant page: registers the CSR studio and the stored-keys list (the viewer comes from viewer.ts). */
import '../widgets/csr/csr.js';
import '../widgets/keys/keys.js';
