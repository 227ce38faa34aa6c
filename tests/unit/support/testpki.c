typedef int testpki_placeholder_; /* replaced by the test PKI */
