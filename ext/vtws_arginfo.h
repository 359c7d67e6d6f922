/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 287e7a91360fc536e7a0c61655e9a6505eef0435 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_parse_language_file, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_translate, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, module, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, language, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_translations, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, module, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, language, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, type, IS_STRING, 0, "\"languageStrings\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_cache_info, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_cache_reset, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

#define arginfo_Vtws_operations arginfo_Vtws_cache_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_validate_operations, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, operations, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, stored, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_plan_operations, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, wanted, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, stored, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Vtws_check_signature, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, operation, IS_ARRAY, 0)
	ZEND_ARG_TYPE_MASK(0, handler, MAY_BE_STRING|MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_vtws_gettranslation, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, totranslate, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, language, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, module, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, user, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_vtws_exporttranslation, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, language, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, module, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, type, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, version, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, user, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()


ZEND_FUNCTION(Vtws_parse_language_file);
ZEND_FUNCTION(Vtws_translate);
ZEND_FUNCTION(Vtws_translations);
ZEND_FUNCTION(Vtws_cache_info);
ZEND_FUNCTION(Vtws_cache_reset);
ZEND_FUNCTION(Vtws_operations);
ZEND_FUNCTION(Vtws_validate_operations);
ZEND_FUNCTION(Vtws_plan_operations);
ZEND_FUNCTION(Vtws_check_signature);
ZEND_FUNCTION(vtws_gettranslation);
ZEND_FUNCTION(vtws_exporttranslation);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Vtws", parse_language_file, Vtws_parse_language_file, arginfo_Vtws_parse_language_file)
	ZEND_NS_FALIAS("Vtws", translate, Vtws_translate, arginfo_Vtws_translate)
	ZEND_NS_FALIAS("Vtws", translations, Vtws_translations, arginfo_Vtws_translations)
	ZEND_NS_FALIAS("Vtws", cache_info, Vtws_cache_info, arginfo_Vtws_cache_info)
	ZEND_NS_FALIAS("Vtws", cache_reset, Vtws_cache_reset, arginfo_Vtws_cache_reset)
	ZEND_NS_FALIAS("Vtws", operations, Vtws_operations, arginfo_Vtws_operations)
	ZEND_NS_FALIAS("Vtws", validate_operations, Vtws_validate_operations, arginfo_Vtws_validate_operations)
	ZEND_NS_FALIAS("Vtws", plan_operations, Vtws_plan_operations, arginfo_Vtws_plan_operations)
	ZEND_NS_FALIAS("Vtws", check_signature, Vtws_check_signature, arginfo_Vtws_check_signature)
	ZEND_FE(vtws_gettranslation, arginfo_vtws_gettranslation)
	ZEND_FE(vtws_exporttranslation, arginfo_vtws_exporttranslation)
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

	zval property_errorCode_default_value;
	ZVAL_EMPTY_STRING(&property_errorCode_default_value);
	zend_string *property_errorCode_name = zend_string_init("errorCode", sizeof("errorCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorCode_name, &property_errorCode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_errorCode_name);

	return class_entry;
}
