# Extra targets in the phpize-generated Makefile (added by config.m4).
#   make test-valgrind   the .phpt suite under valgrind (USE_ZEND_ALLOC=0, run-tests -m)
#   make test-core       the C core's unit tests (check)
#   make test-asan       the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make test-all        every suite, with one summary line (scripts/test-all.sh)

test-valgrind: all
	USE_ZEND_ALLOC=0 $(MAKE) test TESTS="-m -j2 --show-diff $(top_srcdir)/tests/phpt" NO_INTERACTION=1 REPORT_EXIT_STATUS=1

test-core:
	$(MAKE) -C $(top_srcdir)/core test

test-asan:
	$(MAKE) -C $(top_srcdir)/core asan

test-all:
	$(top_srcdir)/scripts/test-all.sh

.PHONY: test-valgrind test-core test-asan test-all
