/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 7be7d5265b4b79baa6b18cf3c6f762fca4d9be79 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_parse_language_file, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(Vtws_parse_language_file);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Vtws", parse_language_file, Vtws_parse_language_file, arginfo_Vtws_parse_language_file)
	ZEND_FE_END
};


static const zend_function_entry class_Vtws_Exception_methods[] = {
	ZEND_FE_END
};

static zend_class_entry *register_class_Vtws_Exception(zend_class_entry *class_entry_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Vtws", "Exception", class_Vtws_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Exception);

	return class_entry;
}
